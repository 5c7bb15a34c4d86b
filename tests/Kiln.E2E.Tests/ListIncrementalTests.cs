namespace Kiln.E2E.Tests;

/// `kiln list` analyses only what changed and only what a request reaches.
public sealed class ListIncrementalTests(ListFixture fixture) : IClassFixture<ListFixture>
{
    [Fact]
    public async Task List_AfterOneFileChanges_ReanalysesOnlyThatDirectory()
    {
        var ws = Corpus.CopyWorkspace("small", Path.Combine(fixture.Path, "small-incremental"));
        var cold = await fixture.Kiln.RunAsync(ws, "list", "--allow-download", "--deps", "./...");
        var warm = await fixture.Kiln.RunAsync(ws, "list", "--allow-download", "--deps", "./...");
        File.AppendAllText(Path.Combine(ws, "internal", "stats", "stats.go"), "\n// edited\n");

        var changed = await fixture.Kiln.RunAsync(ws, "list", "--allow-download", "--deps", "./...");

        Assert.True(cold.ExitCode == 0, cold.ToString());
        Assert.True(Analysis(cold, "packages_analysed") > 4, cold.ToString());
        Assert.Equal(0, Analysis(warm, "packages_analysed"));
        Assert.Equal(0, warm.Summary!.Value.GetProperty("actions").GetProperty("executed").GetInt64());
        Assert.Equal(0, Analysis(warm, "bytes_materialized"));
        Assert.Equal(0, Analysis(warm, "packages_cached"));                       // the graph came from the traces: nothing looked up
        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.Equal(1, Analysis(changed, "packages_analysed"));
        Assert.Equal(Analysis(cold, "packages_analysed") + Analysis(cold, "packages_cached") - 1, Analysis(changed, "packages_cached"));
        Assert.Equal(cold.Stdout, changed.Stdout);
    }

    [Fact]
    public async Task List_CommandImportingOnlyStd_TouchesNoModule()
    {
        var ws = Corpus.CopyWorkspace("medium", Path.Combine(fixture.Path, "medium-lazy"));
        Directory.CreateDirectory(Path.Combine(ws, "cmd", "lean"));
        File.WriteAllText(Path.Combine(ws, "cmd", "lean", "main.go"), "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"lean\") }\n");

        var lean = await fixture.Kiln.RunAsync(ws, "list", "--allow-download", "--deps", "./cmd/lean");
        var all = await fixture.Kiln.RunAsync(ws, "list", "--allow-download", "--deps", "./...");

        Assert.True(lean.ExitCode == 0, lean.ToString());
        Assert.Equal(0, Analysis(lean, "modules_touched"));
        Assert.Equal(1, Analysis(lean, "packages_analysed"));
        Assert.Contains("corpus.example/medium/cmd/lean", lean.Stdout, StringComparison.Ordinal);
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.True(Analysis(all, "modules_touched") > 0, all.ToString());
    }

    [Fact]
    public async Task List_ModulesNotDownloaded_FailsNamingTheCommand_AndReachesNoProxy()
    {
        var ws = Corpus.CopyWorkspace("small", Path.Combine(fixture.Path, "small-offline"));
        var offline = new KilnProcess(Path.Combine(fixture.Path, "empty-store"), new Dictionary<string, string> { ["GOPROXY"] = "file:///nonexistent" });

        var run = await offline.RunAsync(ws, "list", "./...");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("kiln mod download", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ImportNoModuleProvides_NamesFileAndLineAndSuggestsGoGet()
    {
        var ws = Corpus.CopyWorkspace("small", Path.Combine(fixture.Path, "small-missing"));
        Directory.CreateDirectory(Path.Combine(ws, "cmd", "bad"));
        File.WriteAllText(Path.Combine(ws, "cmd", "bad", "main.go"), "package main\n\nimport (\n\t\"fmt\"\n\t\"example.com/nowhere/pkg\"\n)\n\nfunc main() { fmt.Println(pkg.X) }\n");

        var run = await fixture.Kiln.RunAsync(ws, "list", "--allow-download", "./...");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("cmd/bad/main.go:5:2", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("go get example.com/nowhere/pkg", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    private static long Analysis(KilnRun run, string field) => run.Summary!.Value.GetProperty("analysis").GetProperty(field).GetInt64();
}
