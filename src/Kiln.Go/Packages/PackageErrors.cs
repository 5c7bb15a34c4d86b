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
    public static KilnException NoModuleProvides(string goMod, IEnumerable<(string Position, string ImportPath)> missing)
    {
        var list = missing.ToList();
        return new(ErrorKind.User, list.Count == 1 ? "no required module provides an imported package" : "no required module provides some imported packages",
            [("go.mod", goMod), .. list.Select(m => ("import", $"{m.Position}: {m.ImportPath}"))],
            hint: $"add the modules with `go get {string.Join(" ", list.Select(m => m.ImportPath).Distinct().Order(StringComparer.Ordinal))}` and commit go.mod and go.sum");
    }

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
