using Kiln.Go.Modules;
using Kiln.Store;

namespace Kiln.Go.Packages;

/// A module of the build list whose files are a stored tree. Its layout (which directories hold Go files)
/// is read from the stored Directory messages, never from disk; only the directories a request reaches are
/// analysed.
internal sealed class ThirdPartyModule(BuildListModule module, ModuleVersion source, StoredModuleTree tree)
{
    private HashSet<string>? _goDirs;
    private List<string>? _packageDirs;
    private readonly Lock _lock = new();

    public BuildListModule Module { get; } = module;
    public ModuleVersion Source { get; } = source;
    public StoredModuleTree Tree { get; } = tree;
    public string Path => Module.Path;
    public GoPackageModule Info => new(Module.Path, Module.Version, Module.GoVersion, Main: false);

    /// Directories (relative, "" for the root) holding a `.go` file: the ones that provide a package.
    public HashSet<string> GoDirs(LocalStore store)
    {
        lock (_lock)
        {
            if (_goDirs is not null) return _goDirs;
            var dirs = new HashSet<string>(StringComparer.Ordinal);
            Walk(store, Tree.Root, "", dirs);
            return _goDirs = dirs;
        }
    }

    /// The directories a wildcard matches (relative, sorted): Go files, outside nested modules, testdata,
    /// vendor, `_x` and `.x` directories.
    public IReadOnlyList<string> PackageDirs(LocalStore store)
    {
        lock (_lock)
        {
            if (_packageDirs is not null) return _packageDirs;
            var dirs = new List<string>();
            WalkPackages(store, Tree.Root, "", dirs);
            return _packageDirs = [.. dirs.Order(StringComparer.Ordinal)];
        }
    }

    private static void Walk(LocalStore store, Core.Digest digest, string rel, HashSet<string> dirs)
    {
        var dir = store.TryReadDirectory(digest) ?? throw StoreErrors.MissingBlob(digest, "module tree");
        if (dir.Files.Any(f => f.Name.EndsWith(".go", StringComparison.Ordinal))) dirs.Add(rel);
        foreach (var sub in dir.Directories)
            Walk(store, LocalStore.FromProto(sub.Digest), rel.Length == 0 ? sub.Name : rel + "/" + sub.Name, dirs);
    }

    private static void WalkPackages(LocalStore store, Core.Digest digest, string rel, List<string> dirs)
    {
        var dir = store.TryReadDirectory(digest) ?? throw StoreErrors.MissingBlob(digest, "module tree");
        if (rel.Length > 0 && dir.Files.Any(f => f.Name == "go.mod")) return;
        if (dir.Files.Any(f => f.Name.EndsWith(".go", StringComparison.Ordinal))) dirs.Add(rel);
        foreach (var sub in dir.Directories.Where(d => !PackageDirectories.Skipped(d.Name)))
            WalkPackages(store, LocalStore.FromProto(sub.Digest), rel.Length == 0 ? sub.Name : rel + "/" + sub.Name, dirs);
    }
}
