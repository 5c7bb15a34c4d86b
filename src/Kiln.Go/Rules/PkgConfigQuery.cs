using Kiln.Core;
using Kiln.Engine;
using Kiln.Go.Build;

namespace Kiln.Go.Rules;

/// A cgo package's `#cgo pkg-config:` words, resolved by pkg-config in `Dir`: the flags they give.
public sealed record PkgConfigQuery(string ImportPath, string Dir, EquatableArray<string> Directives) : IKey<PkgConfig.Flags>
{
    public override string ToString() => "pkg-config " + string.Join(' ', Directives);
}
