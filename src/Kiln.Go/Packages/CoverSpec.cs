using System.Text;
using Kiln.Core;

namespace Kiln.Go.Packages;

/// How a package is instrumented for coverage: the counter mode (`set`, `count`, `atomic`) and which of
/// its Go files are instrumented (go test leaves `_test.go` files out). EmitMeta: the cover tool also writes
/// the package's coverage meta-data file (go's GenMeta), which test runs of other packages (-coverpkg) and
/// packages without tests (`covdata percent`) read.
public sealed record CoverSpec(string Mode, EquatableArray<string> Files, bool EmitMeta = false)
{
    /// The go command's `-var` prefix for a package: `goCover_` + 12 hex digits of SHA-256(import path) + `_`.
    public static string VarFor(string importPath) =>
        "goCover_" + Convert.ToHexStringLower(Core.Sha256.HashData(Encoding.UTF8.GetBytes(importPath)))[..12] + "_";
}
