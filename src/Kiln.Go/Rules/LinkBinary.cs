using Kiln.Core;
using Kiln.Engine;
using Kiln.Go.Build;

namespace Kiln.Go.Rules;

/// Link a main package of a graph, with the user's linker flags (LinkFlags.Parse).
public sealed record LinkBinary(string ImportPath, ResolvePackages Graph, EquatableArray<string> LinkFlags) : IKey<BuiltBinary>
{
    public override string ToString() => "link " + ImportPath;
}
