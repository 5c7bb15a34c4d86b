using Kiln.Core;
using Kiln.Engine;
using Kiln.Go.Build;

namespace Kiln.Go.Rules;

/// Link a main package of a graph, with `-X` definitions.
public sealed record LinkBinary(string ImportPath, ResolvePackages Graph, EquatableArray<string> XFlags) : IKey<BuiltBinary>
{
    public override string ToString() => "link " + ImportPath;
}
