namespace Kiln.Go.Packages;

/// Questions about the import graph of listed packages: what a package imports, and which packages import it.
public static class PackageGraph
{
    /// The packages `p` imports (resolved; "C" left out), with `tests` also its tests' imports; sorted.
    public static IReadOnlyList<string> Imports(GoPackage p, bool tests)
    {
        var imports = p.Imports.Select(i => p.ImportMap.TryGetValue(i, out var m) ? m : i);
        if (tests) imports = imports.Concat(p.TestImports).Concat(p.XTestImports);
        return [.. imports.Where(i => i != "C" && i != p.ImportPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// Which of `packages` import `target`: directly, or with `transitive` through a chain of them. With
    /// `tests`, a package whose tests import `target` (or, with `transitive`, one of its dependents) counts
    /// too, but does not pass that on: importing a package does not import its tests. Sorted, never `target`.
    public static IReadOnlyList<string> Dependents(IReadOnlyCollection<GoPackage> packages, string target, bool transitive, bool tests)
    {
        var importers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var p in packages)
        {
            foreach (var i in Imports(p, tests: false))
            {
                if (!importers.TryGetValue(i, out var list)) importers[i] = list = [];
                list.Add(p.ImportPath);
            }
        }
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var work = new Queue<string>([target]);
        while (work.TryDequeue(out var path))
        {
            foreach (var importer in importers.GetValueOrDefault(path) ?? [])
            {
                if (importer != target && found.Add(importer) && transitive) work.Enqueue(importer);
            }
        }
        if (tests)
        {
            var reached = transitive ? new HashSet<string>(found, StringComparer.Ordinal) { target } : [target];
            foreach (var p in packages.Where(p => p.ImportPath != target && p.TestImports.Concat(p.XTestImports).Any(reached.Contains)))
                found.Add(p.ImportPath);
        }
        return [.. found];
    }

    /// The import edges among `packages` (each package to those of its imports that are listed), for drawing.
    public static IReadOnlyList<(string From, string To)> Edges(IReadOnlyList<GoPackage> packages, string? testedRoot)
    {
        var listed = packages.Select(p => p.ImportPath).ToHashSet(StringComparer.Ordinal);
        return [.. packages.SelectMany(p => Imports(p, p.ImportPath == testedRoot).Where(listed.Contains).Select(i => (p.ImportPath, i)))];
    }
}
