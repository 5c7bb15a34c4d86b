using Kiln.Core;

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
}
