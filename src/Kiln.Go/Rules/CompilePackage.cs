using Kiln.Engine;
using Kiln.Go.Build;

namespace Kiln.Go.Rules;

/// Compile one package of a graph against its compiled imports.
public sealed record CompilePackage(string ImportPath, ResolvePackages Graph) : IKey<CompiledPackage>
{
    public override string ToString() => "compile " + ImportPath;
}
