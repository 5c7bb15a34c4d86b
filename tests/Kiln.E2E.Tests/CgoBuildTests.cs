using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// `kiln build` of cgo code (a package with C, a header and `#cgo` flags; std's net and os/user with cgo) and
/// with -race, against `go build -trimpath` at the same (default) CGO_ENABLED. Requires gcc, as go's cgo does.
public sealed partial class CgoBuildTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    private static readonly (string Path, string Text)[] CgoWorkspace =
    [
        ("go.mod", "module example.com/cgows\n\ngo 1.22\n"),
        ("calc/calc.h", "int scaled(int x);\n"),
        ("calc/calc.c", "#include \"calc.h\"\nint scaled(int x) { return x * FACTOR; }\n"),
        ("calc/calc.go", """
            package calc

            /*
            #cgo CFLAGS: -DFACTOR=7
            #cgo LDFLAGS: -lm
            #include <math.h>
            #include "calc.h"
            */
            import "C"

            // Hypot and Scaled call into C.
            func Hypot(a, b float64) float64 { return float64(C.hypot(C.double(a), C.double(b))) }
            func Scaled(x int) int { return int(C.scaled(C.int(x))) }
            """),
        ("cmd/calc/main.go", """
            package main

            import (
            	"fmt"

            	"example.com/cgows/calc"
            )

            func main() { fmt.Println(calc.Hypot(3, 4), calc.Scaled(6)) }
            """),
        ("cmd/netuser/main.go", """
            package main

            import (
            	"fmt"
            	"net"
            	"os/user"
            )

            func main() {
            	u, err := user.Current()
            	fmt.Println("user:", err == nil && u.Uid != "")
            	_, err = net.LookupPort("tcp", "80")
            	fmt.Println("port:", err == nil)
            }
            """),
    ];

    [Fact]
    public async Task Build_CgoPackageAndCgoStd_RunLikeGoBuildAndRebuildBitIdenticalElsewhere()
    {
        var ws = Write(fixture.Path, "cgo-a", CgoWorkspace);                                  // Given
        var run = await fixture.Kiln.RunAsync(ws, "build", "./...", "--allow-download");     // When
        Assert.True(run.ExitCode == 0, run.ToString());                                      // Then
        foreach (var name in new[] { "calc", "netuser" })
        {
            var binary = Path.Combine(ws, "dist", "cmd", name, name);
            var goBinary = Path.Combine(fixture.Path, "go-cgo", name);
            await GoTool.RunAsync(ws, fixture.GoScratch, null, "build", "-trimpath", "-o", goBinary, "./cmd/" + name);
            Assert.Equal(await ProgramOutput.RunAsync(goBinary), await ProgramOutput.RunAsync(binary));
            var versionM = await GoTool.RunAsync(ws, fixture.GoScratch, null, "version", "-m", binary);
            Assert.Contains("CGO_ENABLED=1", versionM, StringComparison.Ordinal);
            Assert.Equal(Skip1(await GoTool.RunAsync(ws, fixture.GoScratch, null, "version", "-m", goBinary)), Skip1(versionM));
        }
        Assert.Equal("exit 0\n5 42\n", await ProgramOutput.RunAsync(Path.Combine(ws, "dist", "cmd", "calc", "calc")));

        using var other = new TempDirectory("kiln-e2e-cgo-repro");                           // a clean build elsewhere
        var second = Write(other.Path, "elsewhere", CgoWorkspace);
        var kiln = new KilnProcess(other.Combine("store"), new Dictionary<string, string> { ["GOPROXY"] = "file://" + Corpus.ProxyDir });
        var again = await kiln.RunAsync(second, "build", "./...", "--allow-download");
        Assert.True(again.ExitCode == 0, again.ToString());
        foreach (var rel in new[] { "dist/cmd/calc/calc", "dist/cmd/netuser/netuser" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(ws, rel)), File.ReadAllBytes(Path.Combine(second, rel)));
    }

    [Fact]
    public async Task Build_DisallowedCgoFlag_IsRefusedNamingPackageAndFlag()
    {
        var ws = Write(fixture.Path, "cgo-bad", [                                            // Given
            ("go.mod", "module example.com/bad\n\ngo 1.22\n"),
            ("plug/plug.go", "package plug\n\n// #cgo CFLAGS: -fplugin=x\nimport \"C\"\n\nfunc F() {}\n"),
        ]);

        var run = await fixture.Kiln.RunAsync(ws, "build", "./...", "--allow-download");     // When

        Assert.Equal(2, run.ExitCode);                                                       // Then: a user error
        Assert.Contains("invalid flag in #cgo CFLAGS: -fplugin=x", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("example.com/bad/plug", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAndTest_Race_DataRaceIsReportedLikeGoBuildRace_AndRaceNeedsCgo()
    {
        var ws = Write(fixture.Path, "race", [                                               // Given
            ("go.mod", "module example.com/racy\n\ngo 1.22\n"),
            ("main.go", """
                package main

                import "fmt"

                func main() {
                	n := 0
                	done := make(chan bool)
                	go func() { n++; done <- true }()
                	n++
                	<-done
                	fmt.Println("done")
                }
                """),
            ("race_test.go", "package main\n\nimport \"testing\"\n\nfunc TestRacy(t *testing.T) {\n\tn := 0\n\tdone := make(chan bool)\n\tgo func() { n++; done <- true }()\n\tn++\n\t<-done\n}\n"),
        ]);

        var race = await fixture.Kiln.RunAsync(ws, "build", "-race", "--allow-download", "-o", "racy-kiln"); // When
        var plain = await fixture.Kiln.RunAsync(ws, "build", "-o", "plain-kiln");
        var nocgo = await fixture.Kiln.RunAsync(ws, "build", "-race", "--cgo", "0");
        var test = await fixture.Kiln.RunAsync(ws, "test", "-race", ".");

        Assert.True(race.ExitCode == 0, race.ToString());                                    // Then
        Assert.True(plain.ExitCode == 0, plain.ToString());
        await GoTool.RunAsync(ws, fixture.GoScratch, null, "build", "-race", "-trimpath", "-o", "racy-go", ".");
        var kilnRun = await ProgramOutput.RunAsync(Path.Combine(ws, "racy-kiln"));
        var goRun = await ProgramOutput.RunAsync(Path.Combine(ws, "racy-go"));
        Assert.StartsWith("exit 66\n", goRun, StringComparison.Ordinal);
        Assert.StartsWith("exit 66\n", kilnRun, StringComparison.Ordinal);
        Assert.Contains("WARNING: DATA RACE", kilnRun, StringComparison.Ordinal);
        Assert.Contains("example.com/racy/main.go:", kilnRun, StringComparison.Ordinal);
        Assert.Equal(Skip1(await GoTool.RunAsync(ws, fixture.GoScratch, null, "version", "-m", Path.Combine(ws, "racy-go"))),
            Skip1(await GoTool.RunAsync(ws, fixture.GoScratch, null, "version", "-m", Path.Combine(ws, "racy-kiln"))));
        Assert.Equal("exit 0\ndone\n", await ProgramOutput.RunAsync(Path.Combine(ws, "plain-kiln")));
        Assert.Equal(1, test.ExitCode);                                                      // kiln test -race too
        Assert.Contains("race detected during execution of test", test.Stdout, StringComparison.Ordinal);
        Assert.Contains("FAIL\texample.com/racy", test.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, nocgo.ExitCode);
        Assert.Contains("-race requires cgo", nocgo.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_HeaderIncludedByAbsolutePathChanges_RebuildsWithTheNewHeaderAndWarmRebuildsRunNothing()
    {
        using var headers = new TempDirectory("kiln-e2e-cgo-header");                       // Given: a header outside the workspace
        var header = headers.Write("value.h", "#define VALUE 41\n");
        var ws = Write(fixture.Path, "cgo-abs-header", [
            ("go.mod", "module example.com/abshdr\n\ngo 1.22\n"),
            ("cmd/hdr/main.go", $$"""
                package main

                /*
                #include "{{header}}"
                static int value(void) { return VALUE; }
                */
                import "C"

                import "fmt"

                func main() { fmt.Println(C.value()) }
                """),
        ]);
        var binary = Path.Combine(ws, "dist", "cmd", "hdr", "hdr");
        var goBinary = Path.Combine(fixture.Path, "go-cgo-abs", "hdr");
        async Task<KilnRun> Build()
        {
            var run = await fixture.Kiln.RunAsync(ws, "build", "./...", "--allow-download");
            Assert.True(run.ExitCode == 0, run.ToString());
            return run;
        }
        static long Executed(KilnRun run, string field) => run.Summary!.Value.GetProperty("build").GetProperty(field).GetInt64();

        await Build();                                                                       // When
        var first = await ProgramOutput.RunAsync(binary);
        await GoTool.RunAsync(ws, fixture.GoScratch, null, "build", "-trimpath", "-o", goBinary, "./cmd/hdr");
        var goFirst = await ProgramOutput.RunAsync(goBinary);
        var warm = await Build();                                                            // keyed on the header from here on
        File.WriteAllText(header, "#define VALUE 42\n");                                    // the same size: only the content differs
        var changed = await Build();
        var second = await ProgramOutput.RunAsync(binary);
        // go build keys a cgo package on its own files only: -a makes it see the header's change.
        await GoTool.RunAsync(ws, fixture.GoScratch, null, "build", "-a", "-trimpath", "-o", goBinary, "./cmd/hdr");
        var goSecond = await ProgramOutput.RunAsync(goBinary);
        var warmAgain = await Build();

        Assert.Equal("exit 0\n41\n", first);                                                 // Then
        Assert.Equal(goFirst, first);
        foreach (var run in new[] { warm, warmAgain })
        {
            Assert.Equal(0, Executed(run, "compiles_executed"));
            Assert.Equal(0, Executed(run, "links_executed"));
            Assert.Equal(0, run.Summary!.Value.GetProperty("actions").GetProperty("executed").GetInt64());
        }
        Assert.Equal(1, Executed(changed, "compiles_executed"));
        Assert.Equal(1, Executed(changed, "links_executed"));
        Assert.Equal("exit 0\n42\n", second);
        Assert.Equal(goSecond, second);
    }

    [Fact]
    public async Task Test_CgoPackageWithInternalTestsIncludesHeaderByAbsolutePath_RerunsWhenTheHeaderChanges()
    {
        using var headers = new TempDirectory("kiln-e2e-cgo-test-header");                  // Given: the test variant
        var header = headers.Write("value.h", "#define VALUE 41\n");                         // `val [val.test]` compiles the cgo code
        var ws = Write(fixture.Path, "cgo-test-header", [
            ("go.mod", "module example.com/cgotest\n\ngo 1.22\n"),
            ("val/val.go", $$"""
                package val

                /*
                #include "{{header}}"
                static int value(void) { return VALUE; }
                */
                import "C"

                func Value() int { return int(C.value()) }
                """),
            ("val/val_test.go", """
                package val

                import "testing"

                func TestValue(t *testing.T) {
                	if Value() != 41 {
                		t.Fatalf("value %d", Value())
                	}
                }
                """),
        ]);
        async Task<string> Verdict()
        {
            var run = await fixture.Kiln.RunAsync(ws, "test", "./...", "--allow-download");
            return TestVerdicts.Parse(run.Stdout)["example.com/cgotest/val"] + " " + TestVerdicts.Times(run.Stdout).GetValueOrDefault("example.com/cgotest/val");
        }

        var first = await Verdict();                                                         // When
        var warm = await Verdict();
        File.WriteAllText(header, "#define VALUE 42\n");
        var changed = await Verdict();
        var (_, goOut, _) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "test", "-a", "./...");   // -a: go keys on the package's own files
        File.WriteAllText(header, "#define VALUE 41\n");
        var back = await Verdict();

        Assert.StartsWith("ok ", first, StringComparison.Ordinal);                          // Then
        Assert.Equal("ok (cached)", warm);
        Assert.StartsWith("FAIL", changed, StringComparison.Ordinal);
        Assert.Equal("FAIL", TestVerdicts.Parse(goOut)["example.com/cgotest/val"]);
        Assert.Equal("ok (cached)", back);                                                  // the first result, keyed on the same header
    }

    private static string Write(string parent, string name, IEnumerable<(string Path, string Text)> files)
    {
        var root = Path.Combine(parent, name);
        foreach (var (rel, text) in files)
        {
            var full = Path.Combine(root, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text.EndsWith('\n') ? text : text + "\n");
        }
        return root;
    }

    private static string Skip1(string versionM) => string.Join('\n', versionM.Split('\n').Skip(1));
}
