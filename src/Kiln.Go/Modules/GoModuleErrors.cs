using Kiln.Core;

namespace Kiln.Go.Modules;

/// Every user-facing module failure, in one place.
public static partial class GoModuleErrors
{
    public static KilnException MissingSumLines(string goSum, IEnumerable<string> wanted) => new(ErrorKind.User,
        "go.sum is missing checksums the module graph needs",
        [("go.sum", goSum), .. wanted.Select(w => ("missing", w))],
        hint: "run `go mod tidy` (or `go mod download MODULE`) in that module and commit go.sum; Kiln never adds go.sum lines itself, and nothing was stored");

    public static KilnException ChecksumMismatch(string goSum, string module, string expected, string actual) => new(ErrorKind.User,
        "a downloaded module does not match go.sum",
        [("module", module), ("go.sum", goSum), ("expected", expected), ("actual", actual)],
        hint: "SECURITY: the module proxy served different bytes than go.sum records; nothing was stored. If go.sum is wrong, fix it with `go mod tidy` after checking why");

    public static KilnException DownloadFailed(string goMod, string step, string stderr) => new(ErrorKind.Environment,
        "the go command could not download the modules", [("go.mod", goMod), ("step", step), ("go said", stderr.Trim())],
        hint: "check GOPROXY (and network access to it); nothing was stored");

    public static KilnException ModuleError(string goMod, string module, string error) => new(ErrorKind.Environment,
        "a module could not be downloaded", [("go.mod", goMod), ("module", module), ("go said", error.Trim())],
        hint: "check that the module proxy serves this version; nothing was stored");

    public static KilnException NotDownloaded(string module) => new(ErrorKind.User,
        "a module this build needs is not in the store", [("module", module)],
        hint: "run `kiln mod download`");

    public static KilnException NoGoMod(string dir) => new(ErrorKind.User,
        "no go.mod found", [("directory", dir)], hint: "run kiln inside a Go module or workspace (a directory with go.mod or go.work)");
}
