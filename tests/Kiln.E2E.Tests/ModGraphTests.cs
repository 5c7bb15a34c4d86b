using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// `kiln mod graph` (Kiln's own minimal version selection over the stored go.mod files) against the go
/// command's `go list -m all` on every corpus workspace.
public sealed class ModGraphTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-e2e-graph");

    [Theory]
    [InlineData("small")]
    [InlineData("medium")]
    [InlineData("large")]
    public async Task Graph_CorpusWorkspace_EqualsGoListMAll(string name)
    {
        var ws = Corpus.CopyWorkspace(name, Path.Combine(_temp.Path, name));
        var kiln = new KilnProcess(Path.Combine(_temp.Path, "store"), new Dictionary<string, string> { ["GOPROXY"] = "file://" + Corpus.ProxyDir });
        Assert.Equal(0, (await kiln.RunAsync(ws, "mod", "download")).ExitCode);

        var graph = await kiln.RunAsync(ws, "mod", "graph");

        Assert.True(graph.ExitCode == 0, graph.ToString());
        Assert.Equal(await GoListMAll(ws), graph.Stdout);
    }

    [Fact]
    public async Task Graph_BeforeDownload_SaysWhichCommandToRun()
    {
        var ws = Corpus.CopyWorkspace("small", Path.Combine(_temp.Path, "small"));
        var run = await new KilnProcess(Path.Combine(_temp.Path, "store")).RunAsync(ws, "mod", "graph");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("kiln mod download", run.Stderr, StringComparison.Ordinal);
    }

    private Task<string> GoListMAll(string ws) => GoTool.RunAsync(ws, _temp.Path, null, "list", "-m", "all");

    public void Dispose()
    {
        GoTool.MakeDeletable(_temp.Path);
        _temp.Dispose();
    }
}
