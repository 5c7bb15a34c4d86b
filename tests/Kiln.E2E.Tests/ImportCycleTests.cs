using System.Text.Json;

namespace Kiln.E2E.Tests;

/// Import cycles are errors with the go command's chain for build, test and list — never a hang — and a
/// cycle through an internal test fails that test's setup, as go test reports it; the go command is the oracle.
public sealed class ImportCycleTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3); // a hang fails the test instead of the run

    /// example.com (main) imports a, a imports b, b imports a; `testOnly`: a's internal test imports b instead.
    private string Workspace(string name, bool testOnly, bool externalTest = false)
    {
        var ws = new DirectoryInfo(System.IO.Path.Combine(fixture.Path, "cycles", name));
        void Write(string rel, string text) => WorkspaceFiles.Write(ws.FullName, rel, text);
        Write("go.mod", "module example.com\n\ngo 1.23\n");
        Write("main.go", "package main\n\nimport _ \"example.com/a\"\n\nfunc main() {}\n");
        Write("b/b.go", "package b\n\nimport _ \"example.com/a\"\n");
        if (testOnly)
        {
            Write("a/a.go", "package a\n\n// A is what b uses.\nfunc A() {}\n");
            var package_ = externalTest ? "a_test" : "a";
            Write("a/a_test.go", $"package {package_}\n\nimport (\n\t\"testing\"\n\n\t_ \"example.com/b\"\n)\n\nfunc TestA(t *testing.T) {{}}\n");
        }
        else Write("a/a.go", "package a\n\nimport _ \"example.com/b\"\n");
        return ws.FullName;
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> GoAsync(string ws, params string[] args) =>
        GoTool.TryRunAsync(ws, fixture.GoScratch, new Dictionary<string, string> { ["CGO_ENABLED"] = "0" }, args);

    private Task<KilnRun> KilnAsync(string ws, params string[] args) => fixture.Kiln.RunAsync(ws, [.. args, "--cgo", "0", "--allow-download"]).WaitAsync(Patience);

    private const string Chain = "package example.com\n\timports example.com/a\n\timports example.com/b\n\timports example.com/a: import cycle not allowed";

    [Fact]
    public async Task Build_ImportCycle_FailsWithTheGoCommandsChain()
    {
        var ws = Workspace("build", testOnly: false);                                       // Given
        var go = await GoAsync(ws, "build", "./...");

        var run = await KilnAsync(ws, "build", "./...");                                   // When

        Assert.Equal(1, go.ExitCode);                                                      // Then
        Assert.Equal(Chain, go.Stderr.Trim());
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(Chain, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("error: import cycle not allowed", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_ImportCycleFromInnerPackage_StackStartsThere()
    {
        var ws = Workspace("build-inner", testOnly: false);                                 // Given
        var go = await GoAsync(ws, "build", "./a");

        var run = await KilnAsync(ws, "build", "./a");                                     // When

        Assert.Equal(1, go.ExitCode);                                                      // Then
        var chain = go.Stderr.Trim();
        Assert.Equal("package example.com/a\n\timports example.com/b\n\timports example.com/a: import cycle not allowed", chain);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(chain, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ImportCycle_FailsWithoutEAndReportsErrorsWithE()
    {
        var ws = Workspace("list", testOnly: false);                                        // Given
        var goFail = await GoAsync(ws, "list", "-deps", "./...");
        var goJson = await GoAsync(ws, "list", "-e", "-deps", "-json", "./...");

        var fail = await KilnAsync(ws, "list", "--deps", "./...");                          // When
        var json = await KilnAsync(ws, "list", "-e", "--deps", "--json", "./...");

        Assert.Equal(1, goFail.ExitCode);                                                  // Then: without -e, only the error
        Assert.Equal(Chain, goFail.Stderr.Trim());
        Assert.True(fail.ExitCode == 2, fail.ToString());
        Assert.Equal("", fail.Stdout);
        Assert.Contains(Chain, fail.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, goJson.ExitCode);                                                  // with -e: each package's Error and DepsErrors
        Assert.True(json.ExitCode == 0, json.ToString());
        var want = Errors(goJson.Stdout);
        var got = Errors(json.Stdout);
        Assert.Equal(Chain, want["example.com/a"].Error);
        Assert.Equal(want.Keys.Order(StringComparer.Ordinal), got.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, (error, depsErrors)) in want)
        {
            Assert.Equal(error, got[path].Error);
            Assert.Equal(depsErrors, got[path].DepsErrors);
        }
    }

    [Fact]
    public async Task Test_ImportCycle_FailsWithTheGoCommandsChain()
    {
        var ws = Workspace("test", testOnly: false);                                        // Given
        var go = await GoAsync(ws, "test", "./...");

        var run = await KilnAsync(ws, "test", "./...");                                    // When

        Assert.Equal(1, go.ExitCode);                                                      // Then
        Assert.Equal(Chain, go.Stderr.Trim());
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(Chain, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_CycleThroughInternalTest_FailsThatTestsSetupAsGoTestDoes()
    {
        var ws = Workspace("internal-test", testOnly: true);                                // Given
        var go = await GoAsync(ws, "test", "./...");
        var goBuild = await GoAsync(ws, "build", "./...");

        var run = await KilnAsync(ws, "test", "./...");                                    // When
        var build = await KilnAsync(ws, "build", "./...");

        Assert.Equal(1, go.ExitCode);                                                      // Then
        const string chain = "package example.com/a\n\timports example.com/b\n\timports example.com/a: import cycle not allowed in test";
        Assert.Contains("# example.com/a\n" + chain + "\n", go.Stdout + go.Stderr, StringComparison.Ordinal);
        Assert.Contains("FAIL\texample.com/a [setup failed]\n", go.Stdout, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("# example.com/a\n" + chain + "\nFAIL\texample.com/a [setup failed]\n", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(TestVerdicts.Parse(go.Stdout), TestVerdicts.Parse(run.Stdout));
        Assert.Equal(0, goBuild.ExitCode);                                                 // the packages themselves build
        Assert.True(build.ExitCode == 0, build.ToString());
    }

    [Fact]
    public async Task Test_SameImportFromExternalTest_PassesAsWithGoTest()
    {
        var ws = Workspace("external-test", testOnly: true, externalTest: true);            // Given
        var go = await GoAsync(ws, "test", "./...");

        var run = await KilnAsync(ws, "test", "./...");                                    // When

        Assert.Equal(0, go.ExitCode);                                                      // Then
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(TestVerdicts.Parse(go.Stdout), TestVerdicts.Parse(run.Stdout));
    }

    /// Each package's Error and DepsErrors as the go command prints them (PackageError.Error()); Kiln prints them as that text.
    private static Dictionary<string, (string? Error, List<string> DepsErrors)> Errors(string stdout)
    {
        static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()!
            : "package " + string.Join("\n\timports ", e.GetProperty("ImportStack").EnumerateArray().Select(s => s.GetString())) + ": " + e.GetProperty("Err").GetString();
        var result = new Dictionary<string, (string?, List<string>)>(StringComparer.Ordinal);
        foreach (var p in GoListOracle.Parse(stdout))
        {
            var error = p.TryGetProperty("Error", out var e) ? Text(e) : null;
            var deps = p.TryGetProperty("DepsErrors", out var d) ? d.EnumerateArray().Select(Text).ToList() : [];
            if (error is not null || deps.Count > 0) result[p.GetProperty("ImportPath").GetString()!] = (error, deps);
        }
        return result;
    }
}
