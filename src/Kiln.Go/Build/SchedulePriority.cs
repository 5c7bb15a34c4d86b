using Kiln.Go.Packages;

namespace Kiln.Go.Build;

/// Which ready action gets a free job slot first (ProcessRequest.Priority, higher first): critical-path-first
/// scheduling. A package's compile is worth the longest chain of compile work from it up to a package nothing in the
/// graph imports (its own size included), so the compiles the rest of the build waits on (runtime and what it
/// imports) start before leaves that nothing is waiting for. A compile's size is guessed from its source files.
/// Links and test runs end their chains: they run as soon as they are ready, so binaries (and test verdicts) come
/// early; vet steps, which nothing waits for, keep the default priority 0 and come last.
public static class SchedulePriority
{
    public const int EndOfChain = int.MaxValue / 2;

    /// The chain weight of each package of `packages` (a `--deps` listing: dependencies before their importers).
    public static Dictionary<string, int> Chains(IReadOnlyList<GoPackage> packages, Func<GoPackage, IEnumerable<string>> imports)
    {
        var chain = new Dictionary<string, int>(packages.Count, StringComparer.Ordinal);
        var above = new Dictionary<string, int>(packages.Count, StringComparer.Ordinal); // the heaviest importer's chain
        for (var i = packages.Count - 1; i >= 0; i--) // importers first
        {
            var p = packages[i];
            var own = Weight(p) + above.GetValueOrDefault(p.ImportPath);
            chain[p.ImportPath] = own;
            foreach (var dep in imports(p))
            {
                if (own > above.GetValueOrDefault(dep)) above[dep] = own;
            }
        }
        return chain;
    }

    /// A compile's guessed size: one for the process, one per source file it compiles or assembles.
    public static int Weight(GoPackage p) => 1 + p.GoFiles.Count + p.CgoFiles.Count + p.SFiles.Count;
}
