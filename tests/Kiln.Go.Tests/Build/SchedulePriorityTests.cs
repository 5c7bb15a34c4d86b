using Kiln.Core;
using Kiln.Go.Build;
using Kiln.Go.Packages;

namespace Kiln.Go.Tests.Build;

public sealed class SchedulePriorityTests
{
    private static GoPackage P(string path, int files, params string[] imports) => new()
    {
        ImportPath = path,
        Imports = new EquatableArray<string>(imports),
        GoFiles = new EquatableArray<string>([.. Enumerable.Range(0, files).Select(i => $"f{i}.go")]),
    };

    [Fact]
    public void Chains_DepsFirstListing_EachPackageCountsItsHeaviestChainToTheTop()
    {
        // Given a --deps listing: a heavy "runtime" under a chain of three, a leaf "unicode" imported by the top only
        var packages = new[]
        {
            P("unicode", 1),
            P("runtime", 9),
            P("sync", 2, "runtime"),
            P("io", 1, "sync"),
            P("ex/main", 1, "io", "unicode"),
        };

        // When
        var chains = SchedulePriority.Chains(packages, p => p.Imports);

        // Then each chain is its own weight (1 + files) plus its heaviest importer's chain
        Assert.Equal(2, chains["ex/main"]);
        Assert.Equal(4, chains["io"]);
        Assert.Equal(7, chains["sync"]);
        Assert.Equal(17, chains["runtime"]);
        Assert.Equal(4, chains["unicode"]);
        Assert.True(chains["runtime"] > chains["unicode"]); // the compile everything waits on goes first
    }

    [Fact]
    public void Chains_PackageWithTwoImporters_TakesTheLongerChain()
    {
        var packages = new[] { P("base", 0), P("short", 0, "base"), P("mid", 5, "base"), P("top", 0, "mid") };

        var chains = SchedulePriority.Chains(packages, p => p.Imports);

        Assert.Equal(1 + 6 + 1, chains["base"]); // base + mid + top, not base + short
        Assert.True(chains["base"] < SchedulePriority.EndOfChain);
    }
}
