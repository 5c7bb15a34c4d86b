using Kiln.Core;

namespace Kiln.Go.Sdk;

/// Every user-facing failure about the Go toolchain.
public static class GoSdkErrors
{
    public static KilnException NotFound(IEnumerable<string> searched) => new(ErrorKind.Environment,
        "no Go toolchain found", [("searched", string.Join(":", searched))],
        hint: "install Go (on Debian 12: `apt-get install -t bookworm-backports golang-1.23-go`), or set [go] sdk = \"/path/to/go\" in kiln.toml");

    public static KilnException ConfiguredMissing(string path) => new(ErrorKind.User,
        "the Go toolchain named in kiln.toml does not exist", [("[go] sdk", path)],
        hint: "point [go] sdk at a `go` binary, e.g. /usr/lib/go-1.23/bin/go");

    public static KilnException EnvFailed(string go, string stderr) => new(ErrorKind.Environment,
        "`go env -json` failed", [("go", go), ("stderr", stderr.Trim())]);

    public static KilnException BadEnvJson(string go, string why) => new(ErrorKind.Environment,
        "`go env -json` printed something Kiln cannot read", [("go", go), ("why", why)]);
}
