using System.Collections.Concurrent;
using Kiln.Go.Modules;
using Kiln.Store;

namespace Kiln.Go.Packages;

/// One go.mod's view of import paths: the main module, its local-path replacements, and the stored modules
/// of its build list. Resolution follows the go command: std first, else the module with the longest path
/// prefix whose directory for the import holds Go files (nested modules excluded).
internal sealed class ModuleContext
{
    private readonly LocalStore _store;
    private readonly IReadOnlySet<string> _std;
    private readonly List<LocalModule> _locals = [];
    private readonly List<ThirdPartyModule> _thirdParty = [];
    private readonly ConcurrentDictionary<ModuleVersion, LocalModule> _vendored = [];

    /// Resolves the stored tree of every third-party module the manifest names, then builds the context.
    public static async Task<ModuleContext> CreateAsync(LocalStore store, ModuleStore modules, IReadOnlySet<string> std, ModuleRoot root, CancellationToken ct)
    {
        var (label, manifest) = (root.Label, root.Manifest);
        var trees = new Dictionary<ModuleVersion, StoredModuleTree>();
        foreach (var e in manifest.Entries.Where(e => e.Kind == "tree"))
        {
            if (trees.ContainsKey(e.Module)) continue;
            trees[e.Module] = await modules.TryGetTreeAsync(e.Module, e.Hash, ct) ?? throw PackageErrors.ModulesMissing(Path.Combine(label, "go.mod"));
        }
        return new ModuleContext(store, std, root, trees);
    }

    private ModuleContext(LocalStore store, IReadOnlySet<string> std, ModuleRoot root, IReadOnlyDictionary<ModuleVersion, StoredModuleTree> trees)
    {
        _store = store;
        _std = std;
        var manifest = root.Manifest;
        GoModDir = root.Dir;
        Label = root.Label;
        Main = new LocalModule(manifest.MainModule, GoModDir, new GoPackageModule(manifest.MainModule, "", manifest.GoVersion, Main: true));
        _locals.Add(Main);
        // The other main modules of a go.work: every import of their paths resolves to their directories.
        foreach (var w in root.WorkspaceModules)
            _locals.Add(new LocalModule(w.Path, w.Dir, new GoPackageModule(w.Path, "", w.GoVersion, Main: true)));
        Vendor = root.Vendor;
        if (Vendor is not null) return; // every other module's packages come from vendor/
        foreach (var m in manifest.BuildList)
        {
            if (m.IsLocalReplace)
            {
                var dir = Path.GetFullPath(m.ReplacePath!, root.ReplaceBase ?? GoModDir);
                _locals.Add(new LocalModule(m.Path, dir, new GoPackageModule(m.Path, m.Version, m.GoVersion, Main: false)));
            }
            else if (m.Source is { } source && trees.TryGetValue(source, out var tree))
            {
                _thirdParty.Add(new ThirdPartyModule(m, source, tree));
            }
        }
    }

    public string GoModDir { get; }
    public string Label { get; }
    public LocalModule Main { get; }

    /// Set when this go.mod builds from its vendor directory.
    public Vendoring? Vendor { get; }

    /// Null when no module provides the package (the caller reports it, like the go command).
    public PackageLocation? Resolve(string importPath)
    {
        if (_std.Contains(importPath)) return PackageLocation.Std(importPath);
        PackageLocation? best = null;
        foreach (var local in _locals)
        {
            if (RelTo(local.Path, importPath) is not { } rel || (best is not null && ModulePathLength(best) >= local.Path.Length)) continue;
            if (LocalProvides(local.Dir, rel)) best = new PackageLocation(importPath, local, null, rel);
        }
        foreach (var m in _thirdParty)
        {
            if (RelTo(m.Path, importPath) is not { } rel || (best is not null && ModulePathLength(best) >= m.Path.Length)) continue;
            if (m.HasGoFiles(_store, rel)) best = new PackageLocation(importPath, null, m, rel);
        }
        return best ?? Vendored(importPath);
    }

    /// A package of vendor/ (go's importFromModules with -mod=vendor): its directory holds Go files and
    /// modules.txt names its module (since Go 1.23 a package missing from modules.txt is ignored).
    private PackageLocation? Vendored(string importPath)
    {
        if (Vendor?.List is not { } list || !list.PackageModule.TryGetValue(importPath, out var module)) return null;
        if (!HasGoFiles(Path.Combine(list.Dir, importPath)) || RelTo(module.Path, importPath) is not { } rel) return null;
        var local = _vendored.GetOrAdd(module, m => new LocalModule(m.Path, Path.Combine(list.Dir, m.Path),
            new GoPackageModule(m.Path, m.Version, list.Meta(m).GoVersion, Main: false)));
        return new PackageLocation(importPath, local, null, rel);
    }

    private static bool HasGoFiles(string dir) => Directory.Exists(dir) && Directory.EnumerateFiles(dir, "*.go").Any();

    /// The local-path replacement that would provide `importPath` but is no module (its directory has no
    /// go.mod), with the directive that names it (`file:line`). The go command fails only when a package needs
    /// such a module, and so does Kiln: the caller reports it instead of "no module provides".
    public (string Directive, string Target)? ReplacementWithoutGoMod(string importPath)
    {
        foreach (var local in _locals.Skip(1))
        {
            if (RelTo(local.Path, importPath) is null || File.Exists(Path.Combine(local.Dir, "go.mod"))) continue;
            var goMod = Path.Combine(GoModDir, "go.mod");
            var label = Path.Combine(Label, "go.mod");
            // The main go.mod parses (the module graph was built from it); a directive not found there is go.work's.
            var replace = File.Exists(goMod) ? GoModFile.Parse(label, File.ReadAllBytes(goMod)).Replace.LastOrDefault(r => r.Old.Path == local.Path) : null;
            return replace is null ? ("go.work", local.Dir) : ($"{label}:{replace.Line}", replace.New.Path);
        }
        return null;
    }

    /// The location of a workspace directory (absolute) in this context's main module or a local replacement.
    public PackageLocation? ForDirectory(string dir)
    {
        // go resolves a directory of vendor/ to the vendored package's import path
        if (Vendor?.List is { } list && Path.GetRelativePath(list.Dir, dir) is var inVendor && !inVendor.StartsWith("..", StringComparison.Ordinal)
            && !Path.IsPathRooted(inVendor) && inVendor != ".")
            return Vendored(inVendor.Replace('\\', '/'));
        foreach (var local in _locals.OrderByDescending(l => l.Dir.Length))
        {
            var rel = Path.GetRelativePath(local.Dir, dir);
            if (rel == ".") rel = "";
            if (rel.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(rel)) continue;
            rel = rel.Replace('\\', '/');
            return new PackageLocation(rel.Length == 0 ? local.Path : local.Path + "/" + rel, local, null, rel);
        }
        return null;
    }

    /// Every package location a wildcard could match in the modules whose path passes `canMatchWithin`:
    /// workspace directories of the main module and local replacements, and stored module directories.
    public IEnumerable<PackageLocation> Candidates(Func<string, bool> canMatchWithin)
    {
        foreach (var local in _locals.Where(l => canMatchWithin(l.Path)))
        {
            foreach (var dir in PackageDirectories.Below(local.Dir))
            {
                var rel = Path.GetRelativePath(local.Dir, dir).Replace('\\', '/');
                if (rel == ".") rel = "";
                if (LocalProvides(local.Dir, rel)) yield return new PackageLocation(rel.Length == 0 ? local.Path : local.Path + "/" + rel, local, null, rel);
            }
        }
        foreach (var m in _thirdParty.Where(m => canMatchWithin(m.Path)))
        {
            foreach (var rel in m.PackageDirs(_store))
                yield return new PackageLocation(rel.Length == 0 ? m.Path : m.Path + "/" + rel, null, m, rel);
        }
        if (Vendor?.List is not { } list) yield break;
        foreach (var (path, module) in list.PackageModule.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (canMatchWithin(module.Path) && Vendored(path) is { } location) yield return location;
        }
    }

    private static int ModulePathLength(PackageLocation l) => l.Local?.Path.Length ?? l.ThirdParty?.Path.Length ?? 0;

    private static string? RelTo(string modulePath, string importPath)
    {
        if (importPath == modulePath) return "";
        return importPath.Length > modulePath.Length && importPath.StartsWith(modulePath, StringComparison.Ordinal) && importPath[modulePath.Length] == '/'
            ? importPath[(modulePath.Length + 1)..] : null;
    }

    /// The go command's dirInModule: the directory exists, holds a `.go` file, and no go.mod lies between it
    /// and the module root (that would be another module).
    private static bool LocalProvides(string moduleDir, string rel)
    {
        var dir = rel.Length == 0 ? moduleDir : Path.Combine(moduleDir, rel);
        if (!Directory.Exists(dir) || !Directory.EnumerateFiles(dir, "*.go").Any()) return false;
        for (var d = dir; d.Length > moduleDir.Length; d = Path.GetDirectoryName(d)!)
        {
            if (File.Exists(Path.Combine(d, "go.mod"))) return false;
        }
        return true;
    }
}
