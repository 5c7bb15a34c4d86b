using Kiln.Go.Modules;
using Kiln.Testing;

namespace Kiln.Go.Tests;

/// The build list of each corpus workspace against `go list -m all` (Go 1.23, -mod=readonly) over the same proxy.
public class ModuleGraphCorpusTests
{
    public static TheoryData<string> Workspaces() => ["small", "medium", "large"];

    [Theory]
    [MemberData(nameof(Workspaces))]
    public void BuildList_CorpusWorkspace_EqualsGoListAll(string workspace)
    {
        var proxy = GoTool.RequireProxy();                                                       // Given
        using var copy = new TempDirectory("kiln-corpus-" + workspace);
        var source = Path.Combine(CorpusPaths.Workspaces, workspace);
        foreach (var name in new[] { "go.mod", "go.sum" }) File.Copy(Path.Combine(source, name), copy.Combine(name));
        var expected = GoTool.Run(copy.Path, proxy, "-mod=readonly -modcacherw", GoTool.ModCache, "list", "-m", "all")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var main = GoModFile.Parse("go.mod", File.ReadAllText(copy.Combine("go.mod")));
        var graph = ModuleGraph.Load(main, new ProxyModFileSource(proxy, copy.Path));          // When
        var actual = graph.BuildList.Select(m => m.Version.Length == 0 ? m.Path : $"{m.Path} {m.Version}");
        Assert.Equal(expected, actual);                                                          // Then
        Assert.True(graph.IsPruned);
    }

    [Fact]
    public void RequirementClosure_MainModule_IsWholeBuildListReachable()
    {
        var proxy = GoTool.RequireProxy();
        var dir = Path.Combine(CorpusPaths.Workspaces, "medium");
        var graph = ModuleGraph.Load(GoModFile.Parse("go.mod", File.ReadAllText(Path.Combine(dir, "go.mod"))), new ProxyModFileSource(proxy, dir));
        var closure = graph.RequirementClosure(graph.BuildList[0]);
        Assert.Equal(graph.BuildList.OrderBy(m => m.Path, StringComparer.Ordinal), closure);
        var leaf = graph.BuildList.First(m => m.Path == "github.com/google/uuid");
        Assert.Contains(leaf, graph.RequirementClosure(leaf));
        Assert.True(graph.RequirementClosure(leaf).Count < closure.Count);
    }
}
