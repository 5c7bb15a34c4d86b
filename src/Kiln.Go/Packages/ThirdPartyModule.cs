using Kiln.Go.Modules;
using Kiln.Store;

namespace Kiln.Go.Packages;

/// A module of the build list whose files are a stored tree. Its layout (which directories hold Go files)
/// is read from the stored Directory messages, never from disk; only the directories a request reaches are
/// analysed.
internal sealed class ThirdPartyModule(BuildListModule module, ModuleVersion source, StoredModuleTree tree)
{
    private HashSet<string>? _goDirs;
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

    private static void Walk(LocalStore store, Core.Digest digest, string rel, HashSet<string> dirs)
    {
        var dir = store.TryReadDirectory(digest) ?? throw StoreErrors.MissingBlob(digest, "module tree");
        if (dir.Files.Any(f => f.Name.EndsWith(".go", StringComparison.Ordinal))) dirs.Add(rel);
        foreach (var sub in dir.Directories)
            Walk(store, LocalStore.FromProto(sub.Digest), rel.Length == 0 ? sub.Name : rel + "/" + sub.Name, dirs);
    }
}
