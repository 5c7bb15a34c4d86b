using Kiln.Engine;
using Kiln.Go.Vet;

namespace Kiln.Go.Rules;

/// go vet of one matched package of a graph (its test variant and external test package) with these checks.
public sealed record VetPackage(string ImportPath, ResolvePackages Graph, VetSetting Setting) : IKey<VetReport>
{
    public override string ToString() => "vet " + ImportPath;
}
