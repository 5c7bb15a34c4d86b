using System.Text.RegularExpressions;
using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// `kiln test -cover -coverprofile` against go test's coverage lines and profiles.
public sealed partial class TestCommandTests
{
    [Fact]
    public async Task Test_CoverProfile_SameCoverageAndProfileAsGoTestAndReplayedWhenCached()
    {
        var ws = CoverWorkspace();                                                                         // Given
        var goProfile = System.IO.Path.Combine(ws, "go.out");
        var kilnProfile = System.IO.Path.Combine(ws, "kiln.out");
        var goOut = await GoTool.RunAsync(ws, fixture.GoScratch, null, "test", "-cover", "-coverprofile=" + goProfile, "./...");

        var run = await fixture.Kiln.RunAsync(ws, "test", "-cover", "-coverprofile=" + kilnProfile, "./...", "--allow-download"); // When

        Assert.True(run.ExitCode == 0, run.ToString());                                                   // Then
        Assert.Equal(CoverageLines(goOut), CoverageLines(run.Stdout));
        Assert.Contains("ok  \texample.com/cov/calc\t", run.Stdout);
        Assert.Contains("\tcoverage: 50.0% of statements\n", run.Stdout);
        var goFunc = await CoverFunc(ws, goProfile);
        Assert.Equal(goFunc, await CoverFunc(ws, kilnProfile));
        Assert.Contains("example.com/cov/calc/calc.go:", goFunc);
        Assert.Contains("example.com/cov/wrap/wrap.go:", goFunc);
        Assert.Contains("example.com/cov/untested/untested.go:", goFunc);
        Assert.Contains("\texample.com/cov/untested\t\tcoverage: 0.0% of statements\n", run.Stdout);
        Assert.Contains("?   \texample.com/cov/consts\t[no test files]\n", run.Stdout);
        var first = File.ReadAllText(kilnProfile);
        Assert.StartsWith("mode: set\n", first);
        Assert.Equal(File.ReadAllLines(goProfile).Order(StringComparer.Ordinal), File.ReadAllLines(kilnProfile).Order(StringComparer.Ordinal));

        File.Delete(kilnProfile);                                                                          // a cached run replays line and profile
        var again = await fixture.Kiln.RunAsync(ws, "test", "-cover", "-coverprofile=" + kilnProfile, "./...");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("ok  \texample.com/cov/calc\t(cached)\tcoverage: 50.0% of statements\n", again.Stdout);
        Assert.Equal(first, File.ReadAllText(kilnProfile));
        Assert.Equal(0, Tests(again, "run"));

        var countProfile = System.IO.Path.Combine(ws, "kiln-count.out");                                   // -coverpkg: every covered package counts
        var goCount = System.IO.Path.Combine(ws, "go-count.out");
        var goPkgOut = await GoTool.RunAsync(ws, fixture.GoScratch, null, "test", "-covermode=count", "-coverpkg=./...", "-coverprofile=" + goCount, "./...");
        var pkg = await fixture.Kiln.RunAsync(ws, "test", "-covermode=count", "-coverpkg=./...", "-coverprofile=" + countProfile, "./...");
        Assert.True(pkg.ExitCode == 0, pkg.ToString());
        Assert.Equal(CoverageLines(goPkgOut), CoverageLines(pkg.Stdout));
        Assert.Contains("ok  \texample.com/cov/calc\t", pkg.Stdout);
        Assert.Contains("\tcoverage: 33.3% of statements in ./...\n", pkg.Stdout);
        Assert.StartsWith("mode: count\n", File.ReadAllText(countProfile));
        Assert.Equal(await CoverFunc(ws, goCount), await CoverFunc(ws, countProfile));
    }

    /// The per-package lines (`ok`, `?`, a package without tests' `\tpkg\t\tcoverage: …`) without the time, sorted.
    private static List<string> CoverageLines(string stdout) =>
        [.. stdout.Split('\n').Where(l => l.StartsWith("ok  \t", StringComparison.Ordinal) || l.StartsWith("?   \t", StringComparison.Ordinal) || l.Contains("\t\tcoverage: ", StringComparison.Ordinal))
            .Select(l => Regex.Replace(l, @"\t(\d+\.\d+s|\(cached\))", "\t")).Order(StringComparer.Ordinal)];

    private Task<string> CoverFunc(string ws, string profile) => GoTool.RunAsync(ws, fixture.GoScratch, null, "tool", "cover", "-func=" + profile);

    /// Two packages with tests: calc (one of two functions tested, a branch taken), wrap (calls calc, via an
    /// xtest); two without: untested (a function: `coverage: 0.0%`), consts (no function: `[no test files]`).
    private string CoverWorkspace()
    {
        var dir = System.IO.Path.Combine(fixture.Path, "cov");
        if (Directory.Exists(dir)) return dir;
        var t = new TempDirectory("kiln-cov");
        t.Write("go.mod", "module example.com/cov\n\ngo 1.22\n");
        t.Write("calc/calc.go", "package calc\n\nfunc Sign(x int) int {\n\tif x > 0 {\n\t\treturn 1\n\t}\n\treturn 0\n}\n\nfunc Two() int { return 2 }\n");
        t.Write("calc/calc_test.go", "package calc\n\nimport \"testing\"\n\nfunc TestSign(t *testing.T) {\n\tif Sign(3) != 1 {\n\t\tt.Fatal(Sign(3))\n\t}\n}\n");
        t.Write("wrap/wrap.go", "package wrap\n\nimport \"example.com/cov/calc\"\n\nfunc Wrap(x int) int { return calc.Sign(x) * 10 }\n\nfunc Unused() {}\n");
        t.Write("wrap/wrap_test.go", "package wrap_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/cov/wrap\"\n)\n\nfunc TestWrap(t *testing.T) {\n\tif wrap.Wrap(-1) != 0 {\n\t\tt.Fatal()\n\t}\n}\n");
        t.Write("untested/untested.go", "package untested\n\nfunc Never() int { return 4 }\n");
        t.Write("consts/consts.go", "package consts\n\nconst X = 1\n");
        Directory.Move(t.Path, dir);
        return dir;
    }
}
