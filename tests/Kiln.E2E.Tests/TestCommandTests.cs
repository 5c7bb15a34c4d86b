using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// `kiln test` and `kiln run` with the real toolchain; `go test` is the oracle for verdicts. One store per
/// class (BuildFixture), so std compiles once for every test here.
public sealed partial class TestCommandTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    private static long Tests(KilnRun run, string field) => run.Summary!.Value.GetProperty("tests").GetProperty(field).GetInt64();

    // medium only: small adds no kind of test medium lacks (first-party packages with tests over third-party
    // modules); small is still built against go build (BuildTests) and tested by the bench smoke run, and each
    // corpus run here costs CI about two minutes.
    [Theory]
    [InlineData("medium")]
    public async Task Test_CorpusWorkspace_SameVerdictsAsGoTestAndSecondRunIsCached(string name)
    {
        var ws = Corpus.CopyWorkspace(name, System.IO.Path.Combine(fixture.Path, "test-ws", name));    // Given
        var run = await fixture.Kiln.RunAsync(ws, "test", "./...", "--allow-download");                // When
        var (_, goOut, _) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "test", "./..."); // default CGO_ENABLED, as kiln's

        var verdicts = TestVerdicts.Parse(run.Stdout);                                                 // Then
        Assert.NotEmpty(verdicts);
        Assert.Equal(TestVerdicts.Parse(goOut), verdicts);
        Assert.Equal(run.ExitCode == 0, verdicts.Values.All(v => v != "FAIL"));
        var tested = verdicts.Count(v => v.Value == "ok");
        Assert.Equal(tested, Tests(run, "passed"));

        var again = await fixture.Kiln.RunAsync(ws, "test", "./...");                                // a second run
        Assert.True(again.ExitCode == run.ExitCode, again.ToString());
        Assert.Equal(verdicts, TestVerdicts.Parse(again.Stdout));
        Assert.All(TestVerdicts.Times(again.Stdout).Where(t => verdicts[t.Key] == "ok"), t => Assert.Equal("(cached)", t.Value));
        Assert.Equal(0, Tests(again, "run"));
        Assert.Equal(tested, Tests(again, "cached"));
        Assert.Equal(0, again.Summary!.Value.GetProperty("actions").GetProperty("executed").GetInt64());
    }

    [Fact]
    public async Task Test_SyntheticPackages_VerdictsAndOutputLikeGoTest()
    {
        var ws = Synthetic();                                                                             // Given
        var run = await fixture.Kiln.RunAsync(ws, "test", "./...", "-timeout", "3s", "--allow-download");  // When
        var (goExit, goOut, _) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "test", "./...", "-timeout", "3s");

        var verdicts = TestVerdicts.Parse(run.Stdout);                                                    // Then
        Assert.Equal(TestVerdicts.Parse(goOut), verdicts);
        Assert.Equal(new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["example.com/syn/badexample"] = "FAIL",
            ["example.com/syn/broken"] = "FAIL",
            ["example.com/syn/cmd/echo"] = "?",
            ["example.com/syn/fail"] = "FAIL",
            ["example.com/syn/lib"] = "ok",
            ["example.com/syn/none"] = "?",
            ["example.com/syn/panics"] = "FAIL",
            ["example.com/syn/slow"] = "FAIL",
            ["example.com/syn/subs"] = "FAIL",
            ["example.com/syn/wrap"] = "?",
        }, verdicts);
        Assert.Equal(1, goExit);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("--- FAIL: TestFails", run.Stdout);
        Assert.Contains("fail_test.go:5: boom", run.Stdout);
        Assert.Contains("panic: kaboom", run.Stdout);
        Assert.Contains("panic: test timed out after 3s", run.Stdout);
        Assert.Contains("--- FAIL: ExampleWrong", run.Stdout);
        Assert.Contains("FAIL\texample.com/syn/broken [build failed]", run.Stdout);
        Assert.Contains("broken/broken_test.go:5", run.Stdout);                                   // workspace-relative compiler position
        Assert.DoesNotContain("in TestMain", run.Stdout);                                         // passing output hidden without -v
        Assert.EndsWith("FAIL\n", run.Stdout);
        Assert.Equal(1, Tests(run, "passed"));
        Assert.Equal(5, Tests(run, "failed"));

        var again = await fixture.Kiln.RunAsync(ws, "test", "./...", "-timeout", "3s");              // failures are never cached
        Assert.Equal(verdicts, TestVerdicts.Parse(again.Stdout));
        Assert.Equal("(cached)", TestVerdicts.Times(again.Stdout)["example.com/syn/lib"]);
        Assert.Equal(5, Tests(again, "run"));
        Assert.Equal(1, Tests(again, "cached"));
    }

    [Fact]
    public async Task Test_VerboseAndCountOne_ShowsOutputAndReruns()
    {
        var ws = Synthetic();                                                                          // Given
        await fixture.Kiln.RunAsync(ws, "test", "./lib", "--allow-download");

        var run = await fixture.Kiln.RunAsync(ws, "test", "./lib", "-v", "-count=1", "-run", "TestWrap|ExampleMsg"); // When

        Assert.True(run.ExitCode == 0, run.ToString());                                               // Then
        Assert.Contains("in TestMain\n", run.Stdout);                                                  // TestMain ran
        Assert.Contains("--- PASS: TestWrap", run.Stdout);                                             // xtest, wrap recompiled against lib's test variant
        Assert.Contains("--- PASS: ExampleMsg", run.Stdout);                                           // example with output checked
        Assert.DoesNotContain("TestInternal", run.Stdout);                                             // -run passed through
        Assert.DoesNotContain("(cached)", run.Stdout);
        Assert.Equal(1, Tests(run, "run"));

        var bench = await fixture.Kiln.RunAsync(ws, "test", "./lib", "-bench", ".", "-run", "^$", "-benchtime", "10x"); // benchmarks run, never cached
        Assert.True(bench.ExitCode == 0, bench.ToString());
        Assert.Matches(@"BenchmarkMsg(-\d+)?\s+10\s", bench.Stdout);
        Assert.Equal(1, Tests(bench, "run"));
    }

    [Fact]
    public async Task Run_MainPackage_PassesArgsStdinAndExitCode()
    {
        var ws = Synthetic();                                                                          // Given

        var run = await fixture.Kiln.RunWithInputAsync(ws, "from stdin\n", "run", "./cmd/echo", "--allow-download", "--", "a", "-b"); // When

        Assert.Equal(3, run.ExitCode);                                                                 // Then
        Assert.Contains("args=[a -b] stdin=from stdin\n", run.Stdout);
        Assert.Contains("to stderr", run.Stderr);
    }

    [Fact]
    public async Task Run_NotAMainPackage_IsAUserError()
    {
        var ws = Synthetic();

        var run = await fixture.Kiln.RunAsync(ws, "run", "./lib", "--allow-download");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("kiln run needs exactly one main package", run.Stderr);
    }

    /// A workspace with no dependencies: one package per behaviour go test must reproduce.
    private string Synthetic()
    {
        var dir = System.IO.Path.Combine(fixture.Path, "syn");
        if (Directory.Exists(dir)) return dir;
        var t = new TempDirectory("kiln-syn");
        t.Write("go.mod", "module example.com/syn\n\ngo 1.22\n");
        t.Write("lib/lib.go", "package lib\n\nfunc Msg() string { return \"hello\" }\n");
        t.Write("lib/lib_test.go", "package lib\n\nimport \"testing\"\n\nfunc TestInternal(t *testing.T) {\n\tif Msg() != \"hello\" {\n\t\tt.Fatal(Msg())\n\t}\n}\n");
        t.Write("lib/testdata/data.txt", "data\n");
        // export_test.go: an API only the test variant has, so wrap must be recompiled against it to link.
        t.Write("lib/export_test.go", "package lib\n\nfunc MsgForTest() string { return Msg() + \"!\" }\n");
        t.Write("lib/bench_test.go", "package lib\n\nimport \"testing\"\n\nfunc BenchmarkMsg(b *testing.B) {\n\tfor range b.N {\n\t\t_ = Msg()\n\t}\n}\n");
        t.Write("broken/broken.go", "package broken\n");
        t.Write("broken/broken_test.go", "package broken\n\nimport \"testing\"\n\nfunc TestBroken(t *testing.T) { var x int = \"s\" }\n");
        t.Write("lib/lib_x_test.go", """
            package lib_test

            import (
            	"fmt"
            	"os"
            	"testing"

            	"example.com/syn/lib"
            	"example.com/syn/wrap"
            )

            func TestMain(m *testing.M) {
            	fmt.Println("in TestMain")
            	os.Exit(m.Run())
            }

            func TestWrap(t *testing.T) {
            	if wrap.Wrapped() != "[hello]" || lib.MsgForTest() != "hello!" {
            		t.Fatal(wrap.Wrapped())
            	}
            	if b, err := os.ReadFile("testdata/data.txt"); err != nil || string(b) != "data\n" {
            		t.Fatal(string(b), err)
            	}
            }

            func ExampleMsg() {
            	fmt.Println(lib.Msg())
            	// Output: hello
            }

            """);
        t.Write("wrap/wrap.go", "package wrap\n\nimport \"example.com/syn/lib\"\n\nfunc Wrapped() string { return \"[\" + lib.Msg() + \"]\" }\n");
        t.Write("fail/fail_test.go", "package fail\n\nimport \"testing\"\n\nfunc TestFails(t *testing.T) { t.Fatal(\"boom\") }\n");
        t.Write("panics/panics_test.go", "package panics\n\nimport \"testing\"\n\nfunc TestPanics(t *testing.T) { panic(\"kaboom\") }\n");
        t.Write("slow/slow_test.go", "package slow\n\nimport (\n\t\"testing\"\n\t\"time\"\n)\n\nfunc TestSlow(t *testing.T) { time.Sleep(time.Minute) }\n");
        t.Write("badexample/b.go", "package badexample\n");
        t.Write("badexample/b_test.go", "package badexample\n\nimport \"fmt\"\n\nfunc ExampleWrong() {\n\tfmt.Println(\"got\")\n\t// Output: want\n}\n");
        t.Write("none/none.go", "package none\n");
        t.Write("subs/subs_test.go", """
            package subs

            import (
            	"fmt"
            	"testing"
            )

            func TestPass(t *testing.T) { t.Log("<ok> & fine") }
            func TestFail(t *testing.T) { t.Error("bad") }
            func TestSkip(t *testing.T) { t.Skip("later") }

            func TestSub(t *testing.T) {
            	t.Run("one", func(t *testing.T) {})
            	t.Run("two", func(t *testing.T) { t.Parallel(); t.Fatal("x") })
            	t.Run("three", func(t *testing.T) { t.Parallel() })
            	t.Run("skipped", func(t *testing.T) { t.Skip() })
            }

            func ExampleHello() {
            	fmt.Println("hello")
            	// Output: hello
            }

            """);
        t.Write("cmd/echo/main.go", """
            package main

            import (
            	"bufio"
            	"fmt"
            	"os"
            )

            func main() {
            	line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
            	fmt.Printf("args=%v stdin=%s", os.Args[1:], line)
            	fmt.Fprintln(os.Stderr, "to stderr")
            	os.Exit(3)
            }

            """);
        Directory.Move(t.Path, dir);
        return dir;
    }
}
