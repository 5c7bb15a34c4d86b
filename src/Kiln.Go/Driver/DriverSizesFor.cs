using System.Globalization;
using System.Text.RegularExpressions;

namespace Kiln.Go.Driver;

/// The gc compiler's word size and maximum alignment per GOARCH (go/types.SizesFor("gc", arch)).
public static partial class DriverSizesFor
{
    public static DriverSizes? Arch(string goarch) => goarch switch
    {
        "386" or "arm" or "mips" or "mipsle" => new DriverSizes(4, 4),
        "amd64p32" => new DriverSizes(4, 8),
        "amd64" or "arm64" or "loong64" or "mips64" or "mips64le" or "ppc64" or "ppc64le" or "riscv64" or "s390x"
            or "sparc64" or "wasm" => new DriverSizes(8, 8),
        _ => null,
    };

    /// The minor version of a Go SDK version string (`go1.23.4`, `go1.22rc1`, `devel go1.24-…` → 23, 22, 24), as
    /// go/packages' GoVersion; 0 when there is none.
    public static int GoMinor(string version) =>
        MinorVersion().Match(version) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"go1\.(\d+)")]
    private static partial Regex MinorVersion();
}
