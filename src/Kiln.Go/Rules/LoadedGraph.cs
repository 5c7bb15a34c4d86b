using Kiln.Core;
using Kiln.Go.Packages;

namespace Kiln.Go.Rules;

/// A resolved package graph: the matched packages' import paths in pattern order, and every package reached,
/// dependencies first (`go list -deps` order).
public sealed record LoadedGraph(EquatableArray<string> Matched, EquatableArray<LoadedPackage> All)
{
    private Dictionary<string, LoadedPackage>? _byPath;

    public LoadedPackage? Find(string importPath)
    {
        _byPath ??= All.ToDictionary(p => p.Package.ImportPath, StringComparer.Ordinal);
        return _byPath.GetValueOrDefault(importPath);
    }

    /// What p's test compiles from this graph: p, the packages its files and its test files import, and everything
    /// those import, in graph order; null when an import is not in the graph (the caller then takes all of it).
    public IReadOnlyList<LoadedPackage>? TestClosure(GoPackage p)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { p.ImportPath };
        var pending = new Stack<string>([p.ImportPath]);
        bool Reach(GoPackage from, string raw)
        {
            if (raw is "C" or "unsafe") return true;
            var resolved = from.ImportMap.TryGetValue(raw, out var mapped) ? mapped : raw;
            var target = Find(resolved) ?? Find(raw);
            if (target is null) return false;
            if (seen.Add(target.Package.ImportPath)) pending.Push(target.Package.ImportPath);
            return true;
        }
        foreach (var raw in p.TestImports.Concat(p.XTestImports))
        {
            if (!Reach(p, raw)) return null;
        }
        while (pending.TryPop(out var ip))
        {
            if (Find(ip) is not { } l) return null;
            foreach (var raw in l.Package.Imports)
            {
                if (!Reach(l.Package, raw)) return null;
            }
        }
        return [.. All.Where(l => seen.Contains(l.Package.ImportPath))];
    }
}
