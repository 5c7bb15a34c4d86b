using Kiln.Core;

namespace Kiln.Go.Modules;

/// User-facing failures of go.mod, go.sum, module hashes and the module graph: all their text lives here.
public static class GoModuleErrors
{
    /// One or more problems in one go.mod file, all reported at once (`file: go.mod:12`, `error: …` per problem).
    public static KilnException InvalidGoMod(string file, IReadOnlyList<(int Line, string Message)> problems) => new(ErrorKind.User,
        problems.Count == 1 ? $"invalid {Path.GetFileName(file)}: {problems[0].Message}" : $"invalid {Path.GetFileName(file)}: {problems.Count} problems",
        [.. problems.SelectMany(p => new[] { ("file", Where(file, p.Line)), ("error", p.Message) })],
        hint: "fix the file by hand; `go mod edit -fmt` reports the same problems");

    /// go.mod without a `module` line.
    public static KilnException MissingModuleLine(string file) => new(ErrorKind.User,
        "go.mod has no module line", [("file", file)],
        hint: "add `module example.com/your/module` as the first line, or run `go mod edit -module=example.com/your/module`");

    /// A malformed go.sum line.
    public static KilnException InvalidGoSum(string file, int line, string message) => new(ErrorKind.User,
        $"malformed go.sum: {message}", [("file", Where(file, line))],
        hint: "each line must be `module/path version h1:hash` or `module/path version/go.mod h1:hash`; regenerate go.sum with `go mod tidy`");

    /// A file name dirhash cannot hash.
    public static KilnException FileNameHasNewline(string name) => new(ErrorKind.User,
        "cannot hash a module containing a file name with a newline", [("file", name.ReplaceLineEndings("\\n"))],
        hint: "rename the file: Go module zips do not support such names");

    /// A dependency's go.mod without a module line.
    public static KilnException DependencyMissingModuleLine(ModuleVersion module) => new(ErrorKind.User,
        "a required module's go.mod has no module line", [("module", module.ToString())],
        hint: "the module proxy serves a broken go.mod; check GOPROXY or replace the module");

    /// A dependency's go.mod declares another path than the one it was required as.
    public static KilnException ModulePathMismatch(ModuleVersion module, string declared, string requiredAs) => new(ErrorKind.User,
        "a required module's go.mod declares a different module path",
        [("module", module.ToString()), ("declares", declared), ("required as", requiredAs)],
        hint: $"require it as {declared}, or add a replace directive if the module moved");

    /// A module graph computation without a main module path.
    public static KilnException MainModuleWithoutPath(string file) => new(ErrorKind.User,
        "the main module's go.mod has no module line", [("file", file)],
        hint: "add `module example.com/your/module` to go.mod");

    private static string Where(string file, int line) => line > 0 ? $"{file}:{line}" : file;

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

    /// go: `inconsistent vendoring in DIR:` and one line per problem.
    public static KilnException InconsistentVendoring(string moduleDir, IReadOnlyList<string> problems) => new(ErrorKind.User,
        $"inconsistent vendoring in {moduleDir}", [.. problems.Select(p => ("module", p))],
        hint: "run `go mod vendor` to sync the vendor directory, or ignore it with GOFLAGS=-mod=mod (then `kiln mod download`)");

    /// A `## go` annotation of vendor/modules.txt newer than the SDK.
    public static KilnException VendoredModuleTooNew(string modulesTxt, string module, string goVersion, string toolchain) => new(ErrorKind.User,
        $"a vendored module requires a newer Go: go >= {goVersion}", [("file", modulesTxt), ("module", module), ("running", "go " + toolchain)],
        hint: "install a newer Go SDK and point kiln.toml's [go] sdk at it, or vendor an older version of the module");

    /// GOFLAGS with a -mod value the go command rejects.
    public static KilnException InvalidModFlag(string value) => new(ErrorKind.User,
        $"invalid -mod={value} in GOFLAGS", [("GOFLAGS", "-mod=" + value)],
        hint: "use -mod=mod, -mod=readonly or -mod=vendor");

    /// A go.work whose own vendor directory (`go work vendor`) the go command would build from.
    public static KilnException WorkspaceVendoringUnsupported(string goWork) => new(ErrorKind.User,
        "building a go.work workspace from its vendor directory is not supported yet", [("go.work", goWork)],
        hint: "set GOFLAGS=-mod=readonly and run `kiln mod download`, or build each module on its own with GOWORK=off");

    public static KilnException NotDownloaded(string module) => new(ErrorKind.User,
        "a module this build needs is not in the store", [("module", module)],
        hint: "run `kiln mod download` (or pass --allow-download); no other command reaches a module proxy");

    public static KilnException NoGoMod(string dir) => new(ErrorKind.User,
        "no go.mod found", [("directory", dir)], hint: "run kiln inside a Go module or workspace (a directory with go.mod or go.work)");

    public static KilnException ReplaceOutsideWorkspace(string goMod, int line, string target) => new(ErrorKind.User,
        "a local-path replacement points outside the workspace", [("file", $"{goMod}:{line}"), ("replacement", target)],
        hint: "Kiln builds only what is inside the workspace root (the directory with kiln.toml, go.work or .git); move the module inside it");

    public static KilnException ReplaceWithoutGoMod(string goMod, int line, string target) => new(ErrorKind.User,
        "a local-path replacement has no go.mod", [("file", $"{goMod}:{line}"), ("replacement", target)],
        hint: "a replacement directory must be a module: add a go.mod there");

    public static KilnException InvalidGoWorkSetting(string goWork) => new(ErrorKind.User,
        "invalid GOWORK: not an absolute path", [("GOWORK", goWork)],
        hint: "set GOWORK to the absolute path of a go.work file, to `off`, or leave it unset to find go.work upwards");

    public static KilnException GoWorkNotFound(string goWork) => new(ErrorKind.User,
        "the go.work file GOWORK names does not exist", [("GOWORK", goWork)],
        hint: "create it with `go work init`, or unset GOWORK");
}
