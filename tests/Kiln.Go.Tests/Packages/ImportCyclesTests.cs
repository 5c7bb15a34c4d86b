using Kiln.Go.Packages;

namespace Kiln.Go.Tests.Packages;

public sealed class ImportCyclesTests
{
    private static Func<string, IReadOnlyList<string>?> Graph(params (string Path, string[] Imports)[] packages)
    {
        var map = packages.ToDictionary(p => p.Path, p => (IReadOnlyList<string>)p.Imports, StringComparer.Ordinal);
        return ip => map.GetValueOrDefault(ip);
    }

    [Fact]
    public void Find_CycleBelowRoot_StackRunsFromRootToTheReimportedPackage()
    {
        var graph = Graph(("r", ["fmt", "a"]), ("a", ["b"]), ("b", ["a"]));                // Given: fmt is outside the graph

        var cycles = ImportCycles.Find(["r", "a", "b"], graph);                            // When

        var (path, stack) = Assert.Single(cycles);                                          // Then: only a, as go marks it
        Assert.Equal("a", path);
        Assert.Equal(["r", "a", "b", "a"], stack);
        Assert.Equal("package r\n\timports a\n\timports b\n\timports a: import cycle not allowed", ImportCycles.Describe(stack, ImportCycles.Message));
    }

    [Fact]
    public void Find_SelfImportAndTwoCycles_EachReportedOnce()
    {
        var graph = Graph(("s", ["s"]), ("x", ["y"]), ("y", ["z"]), ("z", ["x", "y"]));     // Given

        var cycles = ImportCycles.Find(["s", "x"], graph);                                 // When

        Assert.Equal(["s", "s"], cycles["s"]);                                             // Then
        Assert.Equal(["x", "y", "z", "x"], cycles["x"]);
        Assert.Equal(["x", "y", "z", "y"], cycles["y"]);
        Assert.Equal(2 + 1, cycles.Count);
    }

    [Fact]
    public void Find_Acyclic_FindsNothing()
    {
        var graph = Graph(("r", ["a", "b"]), ("a", ["c"]), ("b", ["c"]), ("c", []));       // Given: a diamond

        Assert.Empty(ImportCycles.Find(["r"], graph));                                      // When, Then
    }

    [Fact]
    public void Find_CycleReachedOnlyFromATest_StackStartsAtTheTest()
    {
        var graph = Graph(("r", []), ("a", ["b"]), ("b", ["a"]));                          // Given

        var cycles = ImportCycles.Find(["r"], graph, [("r (test)", ["a"])]);               // When

        Assert.Equal(["r (test)", "a", "b", "a"], cycles["a"]);                            // Then
    }

    [Fact]
    public void FindInTest_TestImportReachesThePackage_ShortestChain()
    {
        var graph = Graph(("a", ["fmt"]), ("b", ["c"]), ("c", ["a"]), ("d", ["a"]));        // Given: b→c→a and d→a

        var chain = ImportCycles.FindInTest("a", ["b", "d", "fmt"], graph);                // When

        Assert.Equal(["a", "d", "a"], chain);                                              // Then
    }

    [Fact]
    public void FindInTest_NoPathBack_Null()
    {
        var graph = Graph(("a", []), ("b", []));                                           // Given

        Assert.Null(ImportCycles.FindInTest("a", ["b"], graph));                           // When, Then
    }
}
