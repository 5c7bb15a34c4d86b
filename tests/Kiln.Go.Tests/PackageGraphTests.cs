using Kiln.Core;
using Kiln.Go.Packages;

namespace Kiln.Go.Tests;

public sealed class PackageGraphTests
{
    private static GoPackage P(string path, string[] imports, string[]? testImports = null) => new()
    {
        ImportPath = path,
        Imports = new EquatableArray<string>(imports),
        TestImports = new EquatableArray<string>(testImports ?? []),
    };

    private static readonly GoPackage[] Graph =
    [
        P("ex/core", ["fmt"]),
        P("ex/a", ["ex/core", "C"]),
        P("ex/b", ["ex/a"]),
        P("ex/c", ["os"], testImports: ["ex/core"]),
        P("ex/d", ["ex/c"]),
    ];

    [Fact]
    public void Dependents_Direct_ListsImportersOnly() =>
        Assert.Equal(["ex/a"], PackageGraph.Dependents(Graph, "ex/core", transitive: false, tests: false));

    [Fact]
    public void Dependents_Transitive_FollowsImporters() =>
        Assert.Equal(["ex/a", "ex/b"], PackageGraph.Dependents(Graph, "ex/core", transitive: true, tests: false));

    [Fact]
    public void Dependents_WithTests_CountsTestImports_ButNotTheirImporters() =>
        Assert.Equal(["ex/a", "ex/b", "ex/c"], PackageGraph.Dependents(Graph, "ex/core", transitive: true, tests: true)); // not ex/d

    [Fact]
    public void Imports_LeavesOutC_AndSorts() =>
        Assert.Equal(["ex/core", "os"], PackageGraph.Imports(P("ex/x", ["os", "C", "ex/core"]), tests: false));
}
