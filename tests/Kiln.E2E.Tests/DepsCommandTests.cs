namespace Kiln.E2E.Tests;

/// `kiln deps` and `kiln dependents` against the go command's view of the same workspace.
public sealed class DepsCommandTests(ListFixture fixture) : IClassFixture<ListFixture>
{
    [Theory]
    [InlineData("small", "corpus.example/small/cmd/wordstat")]
    [InlineData("large", "corpus.example/large/cmd/meshd")]
    public async Task Deps_Transitive_EqualsGoListDepsWithoutThePackage(string workspace, string package)
    {
        var ws = Corpus.CopyWorkspace(workspace, Path.Combine(fixture.Path, $"{workspace}-{Guid.NewGuid():N}"));
        var expected = Lines(await GoAsync(ws, "list", "-deps", package)).Where(p => p != package).Order(StringComparer.Ordinal);

        var run = await fixture.Kiln.RunAsync(ws, "deps", "--allow-download", "--transitive", package);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(expected, Lines(run.Stdout).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Deps_DirectWithTests_EqualsImportsAndTestImports()
    {
        var ws = Corpus.CopyWorkspace("large", Path.Combine(fixture.Path, "large-direct"));
        var expected = Lines(await GoAsync(ws, "list", "-f", "{{join .Imports \"\\n\"}}\n{{join .TestImports \"\\n\"}}\n{{join .XTestImports \"\\n\"}}", "./internal/core"))
            .Distinct().Order(StringComparer.Ordinal);

        var text = await fixture.Kiln.RunAsync(ws, "deps", "--allow-download", "--test", "./internal/core");
        var dot = await fixture.Kiln.RunAsync(ws, "deps", "--allow-download", "--format", "dot", "./internal/core");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Equal(expected, Lines(text.Stdout));
        Assert.StartsWith("digraph deps {", dot.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"corpus.example/large/internal/core\" -> \"fmt\";", dot.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dependents_LargeInternalCore_ListsItsEightFirstPartyImporters()
    {
        var ws = Corpus.CopyWorkspace("large", Path.Combine(fixture.Path, "large-dependents"));
        var expected = Lines(await GoAsync(ws, "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./..."))
            .Select(l => l.Split(' ')).Where(f => f.Skip(1).Contains("corpus.example/large/internal/core")).Select(f => f[0]).ToList();

        var direct = await fixture.Kiln.RunAsync(ws, "dependents", "--allow-download", "./internal/core");
        var transitive = await fixture.Kiln.RunAsync(ws, "dependents", "--allow-download", "--transitive", "corpus.example/large/internal/core");

        Assert.True(direct.ExitCode == 0, direct.ToString());
        Assert.Equal(8, expected.Count);
        Assert.Equal(expected, Lines(direct.Stdout));
        Assert.True(transitive.ExitCode == 0, transitive.ToString());
        Assert.Superset(Lines(direct.Stdout).ToHashSet(), Lines(transitive.Stdout).ToHashSet());
        Assert.Equal(0, transitive.Summary!.Value.GetProperty("analysis").GetProperty("modules_touched").GetInt64());
    }

    private Task<string> GoAsync(string ws, params string[] args) => GoTool.RunAsync(ws, fixture.Path,
        new Dictionary<string, string> { ["GOMODCACHE"] = fixture.GoModCache, ["GOCACHE"] = fixture.GoCache, ["GOFLAGS"] = "-mod=readonly -modcacherw" }, args);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
