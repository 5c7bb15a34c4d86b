using Kiln.Core;
using Kiln.Engine;

namespace Kiln.Go.Rules;

/// The directories a `./...` walk below `Root` (itself included) finds `.go` files in, each with those files'
/// names: what a pattern's match can depend on. Directories without Go files (dist/, docs, assets) change it
/// not, so a new binary in dist/ runs no graph again. Absolute path.
public sealed record PackageTree(string Root) : IKey<EquatableArray<string>>
{
    public override string ToString() => Root + "/...";
}
