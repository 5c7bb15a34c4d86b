using System.Text.RegularExpressions;

namespace Kiln.E2E.Tests;

/// vet in `kiln test` and `kiln vet`, against the go command on a tiny module: a bad Printf in a package with
/// tests, one without tests, and one reached only through a printf wrapper of another package (vet's facts).
public sealed partial class VetTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    [Fact]
    public async Task Test_VetFindings_FailPackagesAsGoTestDoes()
    {
        var ws = Module();                                                                           // Given
        var (goExit, goOut, goErr) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "test", "./...");

        var run = await fixture.Kiln.RunAsync(ws, "test", "./...", "--allow-download");             // When

        var verdicts = TestVerdicts.Parse(run.Stdout);                                               // Then
        Assert.Equal(TestVerdicts.Parse(goOut), verdicts);
        Assert.Equal(["FAIL", "FAIL", "ok", "?", "FAIL"], verdicts.Values);                          // bad, nottested, ok, wrap, xuser
        Assert.Equal(goExit, run.ExitCode);
        Assert.Equal(Findings(goErr), Findings(run.Stdout));                                        // same headers and finding lines
        Assert.Contains("xuser/xuser_test.go:", run.Stdout);                                         // found through wrap's facts

        var again = await fixture.Kiln.RunAsync(ws, "test", "./...");                              // findings are never cached
        Assert.Equal(verdicts, TestVerdicts.Parse(again.Stdout));
        Assert.Equal(Findings(goErr), Findings(again.Stdout));
        Assert.Equal("(cached)", TestVerdicts.Times(again.Stdout)["example.com/vt/ok"]);
    }

    [Theory]
    [InlineData("-vet=off")]
    [InlineData("-vet=all")]
    [InlineData("-vet=atomic")]
    [InlineData("-vet=printf")]
    public async Task Test_VetFlag_SameVerdictsAndFindingsAsGoTest(string flag)
    {
        var ws = Module();                                                                           // Given
        var (goExit, goOut, goErr) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "test", flag, "./...");

        var run = await fixture.Kiln.RunAsync(ws, "test", flag, "./...", "--allow-download");       // When

        Assert.Equal(TestVerdicts.Parse(goOut), TestVerdicts.Parse(run.Stdout));                    // Then
        Assert.Equal(goExit, run.ExitCode);
        Assert.Equal(Findings(goErr), Findings(run.Stdout));
    }

    [Fact]
    public async Task Test_VetFlagUnknownAnalyzer_IsAUserErrorWithGosMessage()
    {
        var ws = Module();

        var run = await fixture.Kiln.RunAsync(ws, "test", "-vet=bogus", "./ok", "--allow-download");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("invalid value \"bogus\" for flag -vet: -vet argument must be a supported analyzer or a distinguished value; found bogus", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Theory]
    [InlineData]
    [InlineData("-printf=false")]
    [InlineData("-unusedresult")]
    public async Task Vet_Command_SameFindingsAndExitCodeAsGoVet(params string[] flags)
    {
        var ws = Module();                                                                           // Given
        var (goExit, _, goErr) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, ["vet", .. flags, "./..."]);

        var run = await fixture.Kiln.RunAsync(ws, ["vet", .. flags, "./...", "--allow-download"]);   // When

        Assert.Equal(goExit, run.ExitCode);                                                          // Then
        Assert.Equal(Findings(goErr), Findings(run.Stderr));
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task Vet_CleanPackage_ExitsZeroAndSecondRunExecutesNothing()
    {
        var ws = Module();
        var (goExit, _, _) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "vet", "./wrap");
        await fixture.Kiln.RunAsync(ws, "vet", "./wrap", "--allow-download");

        var again = await fixture.Kiln.RunAsync(ws, "vet", "./wrap");

        Assert.Equal(0, goExit);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(0, again.Summary!.Value.GetProperty("actions").GetProperty("executed").GetInt64());
    }

    /// go's report lines: `# pkg` headers and `file:line:col: message` findings, as a sorted multiset
    /// (packages are vetted in parallel, so their order differs between runs).
    private static List<string> Findings(string output) =>
        [.. output.Split('\n').Where(l => l.StartsWith("# ", StringComparison.Ordinal) || Position().IsMatch(l)).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"^[\w./-]+\.go:\d+:\d+: ")]
    private static partial Regex Position();

    private string Module()
    {
        var dir = System.IO.Path.Combine(fixture.Path, "vt");
        if (Directory.Exists(dir)) return dir;
        var t = new Kiln.Testing.TempDirectory("kiln-vt");
        t.Write("go.mod", "module example.com/vt\n\ngo 1.22\n");
        t.Write("bad/bad.go", "package bad\n\nimport \"fmt\"\n\nfunc Hello() string { return fmt.Sprintf(\"%d\", \"x\") }\n");
        t.Write("bad/bad_test.go", "package bad\n\nimport \"testing\"\n\nfunc TestHello(t *testing.T) { _ = Hello() }\n");
        t.Write("nottested/nottested.go", "package nottested\n\nimport \"fmt\"\n\nfunc Say() { fmt.Printf(\"%s\\n\", 1) }\n");
        // Findings only the full set reports (unreachable code, an unused result), in a package go test's subset passes.
        t.Write("ok/ok.go", "package ok\n\nimport \"fmt\"\n\nfunc Two() int {\n\tfmt.Sprintf(\"x\")\n\treturn 2\n\tpanic(\"never\")\n}\n");
        t.Write("ok/ok_test.go", "package ok\n\nimport \"testing\"\n\nfunc TestTwo(t *testing.T) {\n\tif Two() != 2 {\n\t\tt.Fatal(Two())\n\t}\n}\n");
        t.Write("wrap/wrap.go", "package wrap\n\nimport \"fmt\"\n\n// Logf formats like fmt.Printf.\nfunc Logf(format string, args ...any) { fmt.Printf(format, args...) }\n");
        t.Write("xuser/xuser.go", "package xuser\n\nfunc N() int { return 1 }\n");
        t.Write("xuser/xuser_test.go", "package xuser_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/vt/wrap\"\n\t\"example.com/vt/xuser\"\n)\n\nfunc TestN(t *testing.T) { wrap.Logf(\"%d\", \"one\"); _ = xuser.N() }\n");
        Directory.Move(t.Path, dir);
        return dir;
    }
}
