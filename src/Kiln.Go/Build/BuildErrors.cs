using Kiln.Core;

namespace Kiln.Go.Build;

/// Every user-facing failure of `kiln build`, in one place.
public static class BuildErrors
{
    /// The compiler's (or assembler's) own message, with sandbox paths already made workspace-relative.
    public static KilnException CompileFailed(string importPath, string output) => new(ErrorKind.ActionFailed,
        $"compiling {importPath} failed", [("package", importPath), ("compiler said", output.Trim())]);

    /// Several failures at once (`--keep-going`, or actions that were already running): each one's lines in turn.
    public static KilnException Failed(IReadOnlyList<KilnException> failures) => failures.Count == 1 ? failures[0] : new(ErrorKind.ActionFailed,
        $"{failures.Count} build actions failed",
        [.. failures.SelectMany(f => f.Details.Prepend(("error", f.Message)))]);

    /// A package named on the command line that has nothing to compile: go's load.NoGoError.
    public static KilnException NoGoFiles(Packages.GoPackage p, string dir) => new(ErrorKind.User,
        p.IgnoredGoFiles.Count > 0 ? $"build constraints exclude all Go files in {dir}"
        : p.TestGoFiles.Count + p.XTestGoFiles.Count > 0 ? $"no non-test Go files in {dir}"
        : $"no Go files in {dir}",
        [("package", p.ImportPath)], hint: "build it through a pattern such as ./... (which leaves such packages out, as go build does), or test it with kiln test");

    public static KilnException LinkFailed(string importPath, string output) => new(ErrorKind.ActionFailed,
        $"linking {importPath} failed", [("package", importPath), ("linker said", output.Trim())]);

    /// An environment variable the go command reads has a value it refuses.
    public static KilnException BadEnvironmentSetting(string name, string value, string why) => new(ErrorKind.User,
        $"{name} has a value the go command refuses: {why}", [(name, value)], hint: $"unset {name} or set it as the go command accepts");

    /// -ldflags (or GOFLAGS' -ldflags) Kiln cannot pass to the linker.
    public static KilnException BadLdflags(string value, string why) => new(ErrorKind.User,
        "invalid -ldflags", [("-ldflags", value), ("why", why)],
        hint: "pass linker flags as go build takes them, e.g. -ldflags \"-s -w -X main.version=1.2.3\"");

    /// A -gcflags or -asmflags value (of the command line or GOFLAGS) the go command would refuse, with its message.
    public static KilnException BadPerPackageFlag(string flag, string value, string why) => new(ErrorKind.User,
        $"invalid value \"{value}\" for flag -{flag}: {why}", [("-" + flag, value)],
        hint: $"give -{flag} as go build takes it: -{flag}=\"-N -l\" for the packages named, or -{flag}=\"PATTERN=-N -l\" (e.g. all=, std=, ./...=, an import path)");

    /// GOFLAGS the go command would refuse.
    public static KilnException BadGoFlags(string value, string why) => new(ErrorKind.User,
        "invalid GOFLAGS", [("GOFLAGS", value), ("why", why)],
        hint: "GOFLAGS holds flags only, each -flag=value or -flag, separated by spaces (quote a value with spaces)");

    public static KilnException PackageHasErrors(string importPath, string error) => new(ErrorKind.User,
        "a package to build has errors", [("package", importPath), ("error", error)]);

    /// Bad `godebug` lines of go.mod or `//go:debug` directives, as the go command reports them.
    public static KilnException InvalidGodebug(IReadOnlyList<(string Where, string Why)> problems) => new(ErrorKind.User,
        problems.Count == 1 ? $"invalid godebug setting: {problems[0].Why}" : $"{problems.Count} invalid godebug settings",
        [.. problems.SelectMany(p => new[] { ("at", p.Where), ("error", p.Why) })],
        hint: "settings are key=value with a key of the Go toolchain's GODEBUG table (see `go doc internal/godebugs`), or default=goVERSION");

    public static KilnException NoCCompiler(string importPath) => new(ErrorKind.User,
        "a cgo package needs a C compiler, and none was found", [("package", importPath), ("looked for", "gcc in /usr/bin, /bin")],
        hint: "install gcc, or build with --cgo 0");

    /// The go command's "invalid flag in #cgo CFLAGS: -fplugin=x".
    public static KilnException InvalidCgoFlag(string importPath, string name, string flag) => new(ErrorKind.User,
        $"invalid flag in #cgo {name}: {flag}", [("package", importPath)],
        hint: "the flag is not on the go command's allow-list (see https://golang.org/s/invalidflag)");

    /// A `#cgo pkg-config:` package name the go command refuses (load.SafeArg).
    public static KilnException InvalidPkgConfigName(string importPath, string name) => new(ErrorKind.User,
        $"invalid pkg-config package name: {name}", [("package", importPath)],
        hint: "a pkg-config package name starts with a letter, digit, `.`, `_` or `/`");

    /// pkg-config failed (or printed what a shell would not split) for a package's `#cgo pkg-config:` line.
    public static KilnException PkgConfigFailed(string importPath, string command, string output) => new(ErrorKind.User,
        "pkg-config failed for a cgo package", [("package", importPath), ("command", command), ("pkg-config said", output.Trim())],
        hint: "install the library's development package (its .pc file), or point PKG_CONFIG_PATH at the directory holding it");


    public static KilnException MissingOutput(string description, string path) => new(ErrorKind.Internal,
        "a build action succeeded without producing its output", [("action", description), ("output", path)]);

    public static KilnException OutputForManyBinaries(string path, int count) => new(ErrorKind.User,
        "-o names one file but the patterns match several main packages", [("-o", path), ("main packages", count.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        hint: "name a directory (ending in /) or build one main package");

    public static KilnException NotAMainPackage(string pattern) => new(ErrorKind.User,
        "kiln run needs exactly one main package", [("pattern", pattern)]);
}
