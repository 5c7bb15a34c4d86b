namespace Kiln.Go.Tests;

/// Small graphs published to a temp file:// proxy; Kiln's build list must equal `go list -m all` on each.
public class ModuleGraphSyntheticTests
{
    private static void AssertSameAsGo(FakeProxy proxy)
    {
        var kiln = proxy.KilnListAll(out _);     // read go.mod before go (with -mod=mod) may rewrite it
        Assert.Equal(proxy.GoListAll(), kiln);
    }

    // main → A v1.0.0, C v1.0.0; A → B v1.0.0; B → C v1.1.0. B's requirement is pruned out unless the main module is unpruned.
    private static FakeProxy PruningGraph(string mainGo) => new FakeProxy()
        .Add("example.com/a", "v1.0.0", null, "example.com/b v1.0.0")
        .Add("example.com/b", "v1.0.0", null, "example.com/c v1.1.0")
        .Add("example.com/c", "v1.0.0")
        .Add("example.com/c", "v1.1.0")
        .Main("go.mod", $"module example.com/main\n\ngo {mainGo}\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/c v1.0.0\n)\n");

    [Fact]
    public void BuildList_PrunedMain_IgnoresRequirementsOfPrunedDependency()
    {
        using var proxy = PruningGraph("1.17");
        var kiln = proxy.KilnListAll(out var graph);
        Assert.Contains("example.com/c v1.0.0", kiln);
        Assert.True(graph.IsPruned);
        Assert.Equal(proxy.GoListAll(), kiln);
    }

    [Fact]
    public void BuildList_UnprunedMain_SeesTransitiveHigherVersion()
    {
        using var proxy = PruningGraph("1.16");
        var kiln = proxy.KilnListAll(out var graph);
        Assert.Contains("example.com/c v1.1.0", kiln);
        Assert.False(graph.IsPruned);
        Assert.Equal(proxy.GoListAll(), kiln);
    }

    [Fact]
    public void BuildList_UnprunedDependencyInPrunedMain_IsExpandedTransitively()
    {
        // J has no go line (unpruned), so everything below it is loaded, even below the pruned L.
        using var proxy = new FakeProxy()
            .Add("example.com/j", "v1.0.0", "module example.com/j\n\nrequire example.com/l v1.0.0\n")
            .Add("example.com/l", "v1.0.0", null, "example.com/m v1.1.0")
            .Add("example.com/m", "v1.0.0")
            .Add("example.com/m", "v1.1.0", null, "example.com/n v1.0.0")
            .Add("example.com/n", "v1.0.0")
            .Main("go.mod", "module example.com/main\n\ngo 1.21\n\nrequire (\n\texample.com/j v1.0.0\n\texample.com/l v1.0.0\n\texample.com/m v1.1.0\n)\n");
        AssertSameAsGo(proxy);
    }

    [Fact]
    public void BuildList_VersionAndWildcardReplacements_ReadReplacementGoModAndKeepOriginalPath()
    {
        using var proxy = new FakeProxy()
            .Add("example.com/x", "v1.0.0", null, "example.com/z v1.0.0")
            .Add("example.com/fork", "v1.5.0", "module example.com/fork\n\ngo 1.17\n\nrequire example.com/z v1.2.0\n")
            .Add("example.com/z", "v1.0.0")
            .Add("example.com/z", "v1.2.0")
            .Add("example.com/z", "v1.3.0")
            .Add("example.com/w", "v1.0.0", null, "example.com/z v1.0.0")
            .Main("localw/go.mod", "module example.com/w\n\ngo 1.17\n\nrequire example.com/z v1.3.0\n")
            .Main("go.mod", """
                module example.com/main

                go 1.21

                require (
                	example.com/w v1.0.0
                	example.com/x v1.0.0
                	example.com/z v1.3.0
                )

                replace example.com/x v1.0.0 => example.com/fork v1.5.0

                replace example.com/w => ./localw
                """);
        var kiln = proxy.KilnListAll(out _);
        Assert.Contains("example.com/x v1.0.0 => example.com/fork v1.5.0", kiln);
        Assert.Equal(proxy.GoListAll(), kiln);
    }

    [Fact]
    public void BuildList_ReplacementRaisesVersion_InUnprunedMain()
    {
        using var proxy = new FakeProxy()
            .Add("example.com/x", "v1.0.0", null, "example.com/z v1.0.0")
            .Add("example.com/fork", "v1.5.0", "module example.com/fork\n\ngo 1.17\n\nrequire example.com/z v1.2.0\n")
            .Add("example.com/z", "v1.0.0")
            .Add("example.com/z", "v1.2.0")
            .Main("go.mod", "module example.com/main\n\ngo 1.16\n\nrequire example.com/x v1.0.0\n\nreplace example.com/x => example.com/fork v1.5.0\n");
        var kiln = proxy.KilnListAll(out _);
        Assert.Contains("example.com/z v1.2.0", kiln);
        Assert.Equal(proxy.GoListAll(), kiln);
    }

    [Fact]
    public void BuildList_ExcludedTransitiveVersion_IsDroppedNotBumped()
    {
        using var proxy = new FakeProxy()
            .Add("example.com/a", "v1.0.0", null, "example.com/b v1.2.0")
            .Add("example.com/b", "v1.0.0")
            .Add("example.com/b", "v1.2.0")
            .Add("example.com/b", "v1.3.0")
            .Main("go.mod", "module example.com/main\n\ngo 1.16\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.0.0\n)\n\nexclude example.com/b v1.2.0\n");
        var kiln = proxy.KilnListAll(out _);
        Assert.Contains("example.com/b v1.0.0", kiln);
        Assert.Equal(proxy.GoListAll(), kiln);
    }

    [Fact]
    public void BuildList_IncompatibleAndPseudoVersions_SelectMaximum()
    {
        using var proxy = new FakeProxy()
            .Add("example.com/k", "v1.5.0", "module example.com/k\n")
            .Add("example.com/k", "v2.0.0+incompatible", "module example.com/k\n")
            .Add("example.com/p", "v0.0.0-20200101000000-abcdef123456")
            .Add("example.com/p", "v0.0.0-20210101000000-abcdef123456")
            .Add("example.com/q", "v1.2.3")
            .Add("example.com/q", "v1.2.4-0.20200101000000-abcdef123456")
            .Add("example.com/d", "v1.0.0", null,
                "example.com/k v2.0.0+incompatible", "example.com/p v0.0.0-20210101000000-abcdef123456", "example.com/q v1.2.4-0.20200101000000-abcdef123456")
            .Main("go.mod", """
                module example.com/main

                go 1.21

                require (
                	example.com/d v1.0.0
                	example.com/k v2.0.0+incompatible
                	example.com/p v0.0.0-20210101000000-abcdef123456
                	example.com/q v1.2.4-0.20200101000000-abcdef123456
                )
                """);
        var kiln = proxy.KilnListAll(out _);
        Assert.Contains("example.com/k v2.0.0+incompatible", kiln);
        Assert.Equal(proxy.GoListAll(), kiln);
    }

    [Fact]
    public void BuildList_UpperCasePathsAndUnprunedPseudoRequirement_MatchGo()
    {
        using var proxy = new FakeProxy()
            .Add("example.com/Upper/Case", "v1.0.0", "module example.com/Upper/Case\n\ngo 1.12\n\nrequire example.com/p v0.0.0-20200101000000-abcdef123456\n")
            .Add("example.com/p", "v0.0.0-20200101000000-abcdef123456")
            .Main("go.mod", "module example.com/main\n\ngo 1.17\n\nrequire (\n\texample.com/Upper/Case v1.0.0\n\texample.com/p v0.0.0-20200101000000-abcdef123456 // indirect\n)\n");
        AssertSameAsGo(proxy);
    }

    [Fact]
    public void BuildList_InconsistentPrunedRoot_IsRaisedLikeModMod()
    {
        // The main module says c v1.0.0 but a requires c v1.1.0, so go -mod=mod raises the root and sees c v1.1.0's requirements.
        using var proxy = new FakeProxy()
            .Add("example.com/a", "v1.0.0", null, "example.com/c v1.1.0")
            .Add("example.com/c", "v1.0.0")
            .Add("example.com/c", "v1.1.0", null, "example.com/e v1.0.0")
            .Add("example.com/e", "v1.0.0")
            .Main("go.mod", "module example.com/main\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/c v1.0.0\n)\n");
        var kiln = proxy.KilnListAll(out _);
        Assert.Contains("example.com/e v1.0.0", kiln);
        Assert.Equal(proxy.GoListAll(), kiln);
    }
}
