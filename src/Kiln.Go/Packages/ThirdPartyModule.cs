using Kiln.Go.Modules;
using Kiln.Store;

namespace Kiln.Go.Packages;

/// A module of the build list whose files are a stored tree. Its layout (which directories hold Go files)
/// is read from the stored Directory messages, never from disk; only the directories a request reaches are
/// analysed.
internal sealed class ThirdPartyModule(BuildListModule module, ModuleVersion source, StoredModuleTree tree)
{
    private List<string>? _packageDirs;
    /// Directory messages read so far, by path relative to the module root ("" the root; null: no such directory).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Store.Reapi.Directory?> _dirs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public BuildListModule Module { get; } = module;
    public ModuleVersion Source { get; } = source;
    public StoredModuleTree Tree { get; } = tree;
    public string Path => Module.Path;
    public GoPackageModule Info => new(Module.Path, Module.Version, Module.GoVersion, Main: false);

    /// Whether the directory `rel` ("" the root) holds a `.go` file, so the module provides a package there (go's
    /// dirInModule in the module cache: no check for nested modules, whatever the build constraints). Only the
    /// directories on the way are read, each once: an import is resolved without walking the whole tree.
    public bool HasGoFiles(LocalStore store, string rel) =>
        DirectoryAt(store, rel) is { } dir && dir.Files.Any(f => f.Name.EndsWith(".go", StringComparison.Ordinal));

    /// The stored directory `rel` ("" the root), or null when the module has none there.
    public Store.Reapi.Directory? DirectoryAt(LocalStore store, string rel)
    {
        if (_dirs.TryGetValue(rel, out var known)) return known;
        Store.Reapi.Directory? found;
        if (rel.Length == 0) found = Read(store, Tree.Root);
        else
        {
            var slash = rel.LastIndexOf('/');
            var parent = DirectoryAt(store, slash < 0 ? "" : rel[..slash]);
            var name = slash < 0 ? rel : rel[(slash + 1)..];
            found = parent?.Directories.FirstOrDefault(d => d.Name == name) is { } child ? Read(store, LocalStore.FromProto(child.Digest)) : null;
        }
        return _dirs.GetOrAdd(rel, found);
    }

    private static Store.Reapi.Directory Read(LocalStore store, Core.Digest digest) =>
        store.TryReadDirectory(digest) ?? throw StoreErrors.MissingBlob(digest, "module tree");

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

    private static void WalkPackages(LocalStore store, Core.Digest digest, string rel, List<string> dirs)
    {
        var dir = Read(store, digest);
        if (rel.Length > 0 && dir.Files.Any(f => f.Name == "go.mod")) return;
        if (dir.Files.Any(f => f.Name.EndsWith(".go", StringComparison.Ordinal))) dirs.Add(rel);
        foreach (var sub in dir.Directories.Where(d => !PackageDirectories.Skipped(d.Name)))
            WalkPackages(store, LocalStore.FromProto(sub.Digest), rel.Length == 0 ? sub.Name : rel + "/" + sub.Name, dirs);
    }
}
