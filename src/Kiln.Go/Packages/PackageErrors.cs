using Kiln.Core;

namespace Kiln.Go.Packages;

/// Every user-facing failure of package analysis, in one place.
public static class PackageErrors
{
    public static KilnException GoListFailed(string step, string stderr) => new(ErrorKind.Internal,
        "the go command could not analyse packages", [("step", step), ("go said", stderr.Trim())]);

    public static KilnException UnexpectedOutput(string step, string why) => new(ErrorKind.Internal,
        "the go command printed package metadata Kiln cannot use", [("step", step), ("why", why)]);

    public static KilnException ModulesMissing(string goMod) => new(ErrorKind.User,
        "the modules of this go.mod are not in the store", [("go.mod", goMod)],
        hint: "run `kiln mod download`");

    /// One line per unresolved import, like the go command's `file:line:col: no required module provides package P`.
    /// A path whose first element has no dot can only be std's, as the go command says: `package fmt/nothere is
    /// not in std (GOROOT/src/fmt/nothere)`; no module can provide it, so `go get` is suggested only for the others.
    /// `lookupDisabled`: with -mod=vendor, why go does not look the module up (Vendoring.LookupDisabled).
    public static KilnException NoModuleProvides(string goMod, IEnumerable<(string Position, string ImportPath)> missing, string goRoot,
        string? lookupDisabled = null)
    {
        var list = missing.ToList();
        if (lookupDisabled is not null && list.Any(m => !IsStdPath(m.ImportPath)))
        {
            return new(ErrorKind.User, list.Count == 1 ? "no vendored module provides an imported package" : "no vendored module provides some imported packages",
                [("go.mod", goMod), .. list.Select(m => ("import", $"{m.Position}: {Missing(m.ImportPath, goRoot, lookupDisabled)}"))],
                hint: "add the module to go.mod (`go get`), then run `go mod vendor` and commit vendor/");
        }
        var modules = list.Where(m => !IsStdPath(m.ImportPath)).Select(m => m.ImportPath).Distinct().Order(StringComparer.Ordinal).ToList();
        var details = list.Select(m => ("import", IsStdPath(m.ImportPath)
            ? $"{m.Position}: package {m.ImportPath} is not in std ({goRoot.TrimEnd('/')}/src/{m.ImportPath})"
            : $"{m.Position}: {m.ImportPath}"));
        var summary = modules.Count == 0
            ? list.Count == 1 ? "an imported package is not in the standard library" : "some imported packages are not in the standard library"
            : list.Count == 1 ? "no required module provides an imported package" : "no required module provides some imported packages";
        var hint = modules.Count == 0
            ? "an import path whose first element has no dot names a standard-library package: check its spelling and the Go version"
            : $"add the modules with `go get {string.Join(" ", modules)}` and commit go.mod and go.sum"
                + (modules.Count < list.Count ? "; paths whose first element has no dot can only be standard-library packages" : "");
        return new(ErrorKind.User, summary, [("go.mod", goMod), .. details], hint: hint);
    }

    /// `go list -e`'s package for an import no module provides: the import path and the error the go command
    /// reports at the importing line.
    public static GoPackage Unresolved(string importPath, string position, string goRoot, string? lookupDisabled = null) => new()
    {
        ImportPath = importPath,
        Error = $"{position}: {Missing(importPath, goRoot, lookupDisabled)}",
    };

    /// The go command's ImportMissingError text.
    private static string Missing(string importPath, string goRoot, string? lookupDisabled) =>
        IsStdPath(importPath) ? $"package {importPath} is not in std ({goRoot.TrimEnd('/')}/src/{importPath})"
        : lookupDisabled is not null ? $"cannot find module providing package {importPath}: {lookupDisabled}"
        : $"no required module provides package {importPath}; to add it:\n\tgo get {importPath}";

    /// An import a local-path replacement should provide, whose directory is no module (go: `reading dir/go.mod:
    /// no such file or directory`).
    public static KilnException ReplacementNotAModule(string position, string importPath, string directive, string target) => new(ErrorKind.User,
        "an imported package's module is replaced by a directory with no go.mod",
        [("import", $"{position}: {importPath}"), ("replace", directive), ("replacement", target)],
        hint: "add a go.mod in that directory, or point the replace directive at a module");

    /// The go command's search.IsStandardImportPath: the first path element has no dot.
    private static bool IsStdPath(string importPath) => !importPath.Split('/')[0].Contains('.', StringComparison.Ordinal);

    public static KilnException NoModuleForDirectory(string dir) => new(ErrorKind.User,
        "the directory is not inside a Go module of the workspace", [("directory", dir)],
        hint: "name a directory below a go.mod, or an import path");

    public static KilnException UnknownPattern(string pattern, string why) => new(ErrorKind.User,
        "a package pattern matches nothing Kiln can list", [("pattern", pattern), ("why", why)],
        hint: "use ./..., ./dir/..., ./dir, an import path, an import-path wildcard, std or all");

    /// `go list` without -e: each error of the listed packages (and of their tests), as the go command prints it.
    public static KilnException PackagesHaveErrors(IEnumerable<string> errors)
    {
        var list = errors.Distinct(StringComparer.Ordinal).ToList();
        return new(ErrorKind.User, list.Count == 1 ? "a listed package has an error" : $"{list.Count} errors in the listed packages",
            [.. list.Select(e => ("error", e))], hint: "fix the packages, or list them with their errors with -e");
    }

    /// Import cycles among the packages to load, each as the go command prints it (`package a\n\timports b\n\timports a:
    /// import cycle not allowed`).
    public static KilnException ImportCycles(IReadOnlyList<string> cycles) => new(ErrorKind.User,
        Packages.ImportCycles.Message, [.. cycles.Select(c => ("error", c))],
        hint: "a package cannot import itself, directly or through other packages: move what they share into a package both import");
}
