using Kiln.Core;
using Kiln.Go.Packages;
using Kiln.Go.Rules;

namespace Kiln.Go.Tests.Rules;

/// What one package's test compiles from a `./...` graph: its imports and its test files' imports, transitively, and
/// nothing else of the graph.
public class LoadedGraphTests
{
    private static LoadedPackage Pkg(string ip, string[]? imports = null, string[]? testImports = null, string[]? xtestImports = null,
        Dictionary<string, string>? importMap = null) =>
        new(new GoPackage
        {
            ImportPath = ip,
            Name = ip[(ip.LastIndexOf('/') + 1)..],
            Imports = new(imports ?? []),
            TestImports = new(testImports ?? []),
            XTestImports = new(xtestImports ?? []),
            ImportMap = new EquatableMap<string>(importMap ?? []),
        }, PackageSource.OnDisk("/w/" + ip));

    private static readonly LoadedGraph Graph = new(new(["m/a", "m/b", "m/c", "m/d"]), new(
    [
        Pkg("fmt"), Pkg("testing", ["fmt"]), Pkg("vendor/x/y"),
        Pkg("m/d"),
        Pkg("m/c", ["fmt"]),
        Pkg("m/b", ["m/c", "vendor/x/y"], importMap: new() { ["x/y"] = "vendor/x/y" }),
        Pkg("m/a", ["m/b"], testImports: ["testing", "m/d"], xtestImports: ["m/a"]),
    ]));

    private static string Names(IReadOnlyList<LoadedPackage>? closure) =>
        closure is null ? "null" : string.Join(" ", closure.Select(l => l.Package.ImportPath));

    [Fact]
    public void TestClosure_HoldsTheImportsOfTheFilesAndTestFiles_Transitively_InGraphOrder() =>
        Assert.Equal("fmt testing vendor/x/y m/d m/c m/b m/a", Names(Graph.TestClosure(Graph.Find("m/a")!.Package)));

    [Fact]
    public void TestClosure_LeavesOutWhatThePackageDoesNotReach()
    {
        Assert.Equal("m/d", Names(Graph.TestClosure(Graph.Find("m/d")!.Package)));
        Assert.Equal("fmt vendor/x/y m/c m/b", Names(Graph.TestClosure(Graph.Find("m/b")!.Package)));
    }

    [Fact]
    public void TestClosure_OfATestImportingWhatTheGraphLacks_IsNull()
    {
        var p = Pkg("m/e", testImports: ["m/missing"]).Package;
        var graph = new LoadedGraph(Graph.Matched, new([.. Graph.All, new LoadedPackage(p, PackageSource.OnDisk("/w/m/e"))]));

        Assert.Equal("null", Names(graph.TestClosure(p)));
    }
}
