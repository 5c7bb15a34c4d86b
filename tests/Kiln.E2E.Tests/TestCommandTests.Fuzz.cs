namespace Kiln.E2E.Tests;

/// `kiln test -fuzz` against `go test -fuzz`: the package compiled with fuzzing's coverage instrumentation (a
/// six-byte input behind six nested comparisons is out of reach of blind chance), the failing input written to
/// the package's testdata/fuzz where the next plain run finds it, and go test's refusals.
public sealed partial class TestCommandTests
{
    private const string FuzzedSource = """
        package p

        // Parse panics on one input, which only a coverage-guided fuzzer finds in reasonable time.
        func Parse(b []byte) int {
        	if len(b) >= 6 && b[0] == 'k' && b[1] == 'i' && b[2] == 'l' && b[3] == 'n' && b[4] == '=' && b[5] == '1' {
        		panic("found it")
        	}
        	return len(b)
        }
        """;

    private const string FuzzTest = """
        package p

        import "testing"

        func TestPlain(t *testing.T) {}

        func FuzzParse(f *testing.F) {
        	f.Add([]byte("a"))
        	f.Fuzz(func(t *testing.T, b []byte) { Parse(b) })
        }
        """;

    private const string SafeFuzzTest = "package q\n\nimport \"testing\"\n\nfunc FuzzSafe(f *testing.F) {\n\tf.Add(1)\n\tf.Fuzz(func(t *testing.T, n int) {})\n}\n";

    private string FuzzWorkspace(string name)
    {
        var ws = System.IO.Path.Combine(fixture.Path, name);
        WorkspaceFiles.Write(ws, "go.mod", "module example.com/fz\n\ngo 1.22\n");
        WorkspaceFiles.Write(ws, "p/p.go", FuzzedSource);
        WorkspaceFiles.Write(ws, "p/p_test.go", FuzzTest);
        WorkspaceFiles.Write(ws, "q/q_test.go", SafeFuzzTest);
        return ws;
    }

    private static string[] FailingInputs(string ws) =>
        Directory.Exists(System.IO.Path.Combine(ws, "p/testdata/fuzz/FuzzParse"))
            ? Directory.GetFiles(System.IO.Path.Combine(ws, "p/testdata/fuzz/FuzzParse")) : [];

    [Fact]
    public async Task Test_Fuzz_FindsTheFailingInputAndKeepsItInTestdataAsGoTestDoes()
    {
        var goWs = FuzzWorkspace("test-fuzz-go");                                                           // Given
        var ws = FuzzWorkspace("test-fuzz");
        var (goExit, goOut, _) = await GoTool.TryRunAsync(goWs, fixture.GoScratch, null, "test", "-fuzz=FuzzParse", "-fuzztime=120s", "./p");

        var run = await fixture.Kiln.RunAsync(ws, "test", "-fuzz=FuzzParse", "-fuzztime=120s", "./p", "--allow-download"); // When

        Assert.Equal(1, goExit);                                                                              // Then
        Assert.Single(FailingInputs(goWs));
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(TestVerdicts.Parse(goOut), TestVerdicts.Parse(run.Stdout));
        Assert.Contains("Failing input written to testdata/fuzz/FuzzParse/", run.Stdout);
        var input = Assert.Single(FailingInputs(ws));
        Assert.Contains("kiln=1", File.ReadAllText(input));

        var seeds = await fixture.Kiln.RunAsync(ws, "test", "./p");                                          // the seed corpus now fails
        Assert.True(seeds.ExitCode == 1, seeds.ToString());
        Assert.Contains("found it", seeds.Stdout);

        var (goSafeExit, goSafeOut, _) = await GoTool.TryRunAsync(goWs, fixture.GoScratch, null, "test", "-fuzz=FuzzSafe", "-fuzztime=20x", "./q");
        var safe = await fixture.Kiln.RunAsync(ws, "test", "-fuzz=FuzzSafe", "-fuzztime=20x", "./q");
        Assert.Equal(0, goSafeExit);
        Assert.True(safe.ExitCode == 0, safe.ToString());
        Assert.Equal(TestVerdicts.Parse(goSafeOut), TestVerdicts.Parse(safe.Stdout));
        Assert.Contains("fuzz: elapsed:", safe.Stdout);                                                     // fuzzing's progress, shown as it comes

        var none = await fixture.Kiln.RunAsync(ws, "test", "-fuzz=FuzzNothing", "-fuzztime=20x", "./q");     // no fuzz test matches
        var (_, goNone, _) = await GoTool.TryRunAsync(goWs, fixture.GoScratch, null, "test", "-fuzz=FuzzNothing", "-fuzztime=20x", "./q");
        Assert.Contains("testing: warning: no fuzz tests to fuzz", none.Stdout);
        Assert.Equal(goNone.Contains("[no fuzz tests to fuzz]"), none.Stdout.Contains("[no fuzz tests to fuzz]")); // go reads it from output it did not buffer: never
    }

    [Fact]
    public async Task Test_Fuzz_SeveralPackagesOrADependency_RefusedAsGoTestRefusesThem()
    {
        var ws = FuzzWorkspace("test-fuzz-refused");                                                        // Given
        await fixture.Kiln.RunAsync(ws, "mod", "download");

        var several = await fixture.Kiln.RunAsync(ws, "test", "-fuzz=FuzzParse", "./...");                  // When
        var std = await fixture.Kiln.RunAsync(ws, "test", "-fuzz=FuzzX", "strings");
        var (goExit, _, goErr) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "test", "-fuzz=FuzzParse", "./...");

        Assert.NotEqual(0, goExit);                                                                          // Then
        Assert.Contains("cannot use -fuzz flag with multiple packages", goErr);
        Assert.NotEqual(0, several.ExitCode);
        Assert.Contains("cannot use -fuzz flag with multiple packages", several.Stderr);
        Assert.NotEqual(0, std.ExitCode);
        Assert.Contains("cannot use -fuzz flag on package outside the main module", std.Stderr);
        Assert.Empty(FailingInputs(ws));
    }
}
