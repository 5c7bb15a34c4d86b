namespace Kiln.E2E.Tests;

/// `kiln list` analyses only what changed and only what a request reaches.
public sealed class ListIncrementalTests(ListFixture fixture) : IClassFixture<ListFixture>
{
    /// An edit below a file's imports changes nothing `go list` reads: nothing is analysed, and only that directory's
    /// analysis is looked up (found; the graph is then verified from its traces). An edit in the header (a comment beside the imports) is analysed again,
    /// for that directory only; every other directory's analysis comes from its trace.
    [Fact]
    public async Task List_AfterOneFileChanges_ReanalysesOnlyThatDirectory_AndOnlyWhenItsHeaderChanged()
    {
        var ws = Corpus.CopyWorkspace("small", Path.Combine(fixture.Path, "small-incremental"));
        var file = Path.Combine(ws, "internal", "stats", "stats.go");
        var cold = await fixture.Kiln.RunAsync(ws, "list", "--allow-download", "--deps", "./...");
        var warm = await fixture.Kiln.RunAsync(ws, "list", "--allow-download", "--deps", "./...");
        File.AppendAllText(file, "\n// edited\n");
        var body = await fixture.Kiln.RunAsync(ws, "list", "--allow-download", "--deps", "./...");
        File.WriteAllText(file, File.ReadAllText(file).Replace("import (", "// header edited\nimport (", StringComparison.Ordinal));

        var header = await fixture.Kiln.RunAsync(ws, "list", "--allow-download", "--deps", "./...");

        Assert.True(cold.ExitCode == 0, cold.ToString());
        Assert.True(Analysis(cold, "packages_analysed") > 4, cold.ToString());
        Assert.Equal(0, Analysis(warm, "packages_analysed"));
        Assert.Equal(0, warm.Summary!.Value.GetProperty("actions").GetProperty("executed").GetInt64());
        Assert.Equal(0, Analysis(warm, "bytes_materialized"));
        Assert.Equal(0, Analysis(warm, "packages_cached"));                       // the graph came from the traces: nothing looked up
        Assert.True(body.ExitCode == 0, body.ToString());
        Assert.Equal(0, Analysis(body, "packages_analysed"));
        Assert.Equal(1, Analysis(body, "packages_cached"));                       // its directory's, found again; no other looked up
        Assert.Equal(0, body.Summary!.Value.GetProperty("actions").GetProperty("executed").GetInt64());
        Assert.True(header.ExitCode == 0, header.ToString());
        Assert.Equal(1, Analysis(header, "packages_analysed"));
        // The others come from their traces, not looked up; but internal/config embeds files, and its analysis on its
        // whole subtree is looked up whenever the graph is listed again.
        Assert.Equal(1, Analysis(header, "packages_cached"));
        Assert.Equal(cold.Stdout, body.Stdout);
        Assert.Equal(cold.Stdout, header.Stdout);
    }

    /// The traces are per workspace, not per configuration: a directory's analysis under other tags (or GOOS) is
    /// another analysis, never the traced one.
    [Fact]
    public async Task List_WithTagsThenWithout_EachAsGoListWithThoseTags()
    {
        var ws = Corpus.CopyWorkspace("small", Path.Combine(fixture.Path, "small-tags"));            // Given
        File.WriteAllText(Path.Combine(ws, "internal", "stats", "fancy.go"), "//go:build fancy\n\npackage stats\n\nimport \"os\"\n\nvar Fancy = os.Args\n");
        string[] format = ["-f", "{{.ImportPath}} {{.GoFiles}} {{.Imports}}"];

        var plain = await fixture.Kiln.RunAsync(ws, "list", "--allow-download", "--deps", "./...");   // When
        var fancy = await fixture.Kiln.RunAsync(ws, "list", "--tags", "fancy", "--json", "./internal/stats");
        var again = await fixture.Kiln.RunAsync(ws, "list", "--json", "./internal/stats");

        Assert.True(plain.ExitCode == 0, plain.ToString());                                           // Then
        var scratch = Path.Combine(fixture.Path, "go-tags");
        Assert.Equal(await GoTool.RunAsync(ws, scratch, null, ["list", "-tags", "fancy", .. format, "./internal/stats"]), Summary(fancy));
        Assert.Equal(await GoTool.RunAsync(ws, scratch, null, ["list", .. format, "./internal/stats"]), Summary(again));
        GoTool.MakeDeletable(scratch);
    }

    /// `kiln list --json` output as go's `-f '{{.ImportPath}} {{.GoFiles}} {{.Imports}}'` prints it.
    private static string Summary(KilnRun run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        var p = System.Text.Json.JsonDocument.Parse(run.Stdout).RootElement;
        string List(string name) => "[" + string.Join(' ', p.GetProperty(name).EnumerateArray().Select(e => e.GetString())) + "]";
        return $"{p.GetProperty("ImportPath").GetString()} {List("GoFiles")} {List("Imports")}\n";
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
