using Kiln.Core;

namespace Kiln.Go.Build;

/// Every user-facing failure of `kiln build`, in one place.
public static class BuildErrors
{
    /// The compiler's (or assembler's) own message, with sandbox paths already made workspace-relative.
    public static KilnException CompileFailed(string importPath, string output) => new(ErrorKind.ActionFailed,
        $"compiling {importPath} failed", [("package", importPath), ("compiler said", output.Trim())]);

    public static KilnException LinkFailed(string importPath, string output) => new(ErrorKind.ActionFailed,
        $"linking {importPath} failed", [("package", importPath), ("linker said", output.Trim())]);

    public static KilnException PackageHasErrors(string importPath, string error) => new(ErrorKind.User,
        "a package to build has errors", [("package", importPath), ("error", error)]);

    public static KilnException NoCCompiler(string importPath) => new(ErrorKind.User,
        "a cgo package needs a C compiler, and none was found", [("package", importPath), ("looked for", "gcc in /usr/bin, /bin")],
        hint: "install gcc, or build with --cgo 0");

    /// The go command's "invalid flag in #cgo CFLAGS: -fplugin=x".
    public static KilnException InvalidCgoFlag(string importPath, string name, string flag) => new(ErrorKind.User,
        $"invalid flag in #cgo {name}: {flag}", [("package", importPath)],
        hint: "the flag is not on the go command's allow-list (see https://golang.org/s/invalidflag)");

    public static KilnException PkgConfigNotSupported(string importPath, IEnumerable<string> packages) => new(ErrorKind.User,
        "kiln build does not run pkg-config for #cgo pkg-config directives", [("package", importPath), ("pkg-config", string.Join(" ", packages))],
        hint: "replace the directive by #cgo CFLAGS and LDFLAGS lines, or build with --cgo 0");


    public static KilnException MissingOutput(string description, string path) => new(ErrorKind.Internal,
        "a build action succeeded without producing its output", [("action", description), ("output", path)]);

    public static KilnException OutputForManyBinaries(string path, int count) => new(ErrorKind.User,
        "-o names one file but the patterns match several main packages", [("-o", path), ("main packages", count.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        hint: "name a directory (ending in /) or build one main package");

    public static KilnException NotAMainPackage(string pattern) => new(ErrorKind.User,
        "kiln run needs exactly one main package", [("pattern", pattern)]);
}
