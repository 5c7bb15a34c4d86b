using Kiln.Engine;

namespace Kiln.Go.Rules;

/// One package of a graph: what its compile depends on, so a change elsewhere in the graph does not reach it.
public sealed record PackageInGraph(string ImportPath, ResolvePackages Graph) : IKey<LoadedPackage>
{
    public string Encode() => KeyText.Join(ImportPath, Graph.Encode());

    public static (string ImportPath, ResolvePackages Graph) Decode(string text) =>
        KeyText.Split(text) is [var path, var graph] ? (path, ResolvePackages.Decode(graph)) : throw new FormatException("malformed package key");

    public override string ToString() => ImportPath;
}
