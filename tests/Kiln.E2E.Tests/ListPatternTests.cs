namespace Kiln.E2E.Tests;

/// `all` and import-path wildcards match what the go command matches, in the order it prints them.
public sealed class ListPatternTests(ListFixture fixture) : IClassFixture<ListFixture>
{
    [Theory]
    [InlineData("small", "all")]
    [InlineData("medium", "all")]
    [InlineData("large", "all")]
    [InlineData("large", "corpus.example/large/...")]
    [InlineData("large", "corpus.example/large/internal/...")]
    [InlineData("large", "net/...")]
    public async Task List_Pattern_EqualsGoList(string workspace, string pattern)
    {
        var ws = Corpus.CopyWorkspace(workspace, Path.Combine(fixture.Path, $"{workspace}-{Guid.NewGuid():N}"));
        var expected = await GoAsync(ws, "list", pattern);

        var run = await fixture.Kiln.RunAsync(ws, "list", "--allow-download", pattern);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Lines(expected), Lines(run.Stdout));
    }

    [Theory]
    [InlineData("medium", "all")]
    [InlineData("large", "./...")]
    public async Task List_Deps_EqualsGoListDepsInOrder(string workspace, string pattern)
    {
        var ws = Corpus.CopyWorkspace(workspace, Path.Combine(fixture.Path, $"{workspace}-{Guid.NewGuid():N}"));
        var expected = await GoAsync(ws, "list", "-deps", pattern);

        var run = await fixture.Kiln.RunAsync(ws, "list", "--allow-download", "--deps", pattern);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Lines(expected), Lines(run.Stdout));
    }

    private Task<string> GoAsync(string ws, params string[] args) => GoTool.RunAsync(ws, fixture.Path,
        new Dictionary<string, string> { ["GOMODCACHE"] = fixture.GoModCache, ["GOCACHE"] = fixture.GoCache, ["GOFLAGS"] = "-mod=readonly -modcacherw" }, args);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
