using Kiln.Core;
using Kiln.Store;
using Kiln.Store.Reapi;

namespace Kiln.Go.Modules;

/// Modules in the store, indexed by what go.sum vouches for: a module's extracted tree by (path, version,
/// zip h1), its go.mod by (path, version, go.mod h1), its `.info` by (path, version). Entries live in the
/// action cache, so a hit guarantees every blob is present and gc never leaves a dangling entry.
public sealed class ModuleStore(LocalStore store)
{
    public LocalStore Store => store;

    public static ActionKey TreeKey(ModuleVersion m, string zipH1) =>
        new(new KeyHasher("go-module-tree/v1").Line("module", m.Path, m.Version, zipH1).Finish());

    public static ActionKey ModKey(ModuleVersion m, string modH1) =>
        new(new KeyHasher("go-module-mod/v1").Line("module", m.Path, m.Version, modH1).Finish());

    public static ActionKey InfoKey(ModuleVersion m) =>
        new(new KeyHasher("go-module-info/v1").Line("module", m.Path, m.Version).Finish());

    /// The module's extracted tree (verified again against zipH1) and its `.ziphash` blob, or null. A tree
    /// that no longer hashes to zipH1 is evicted, so the next download fetches it again.
    public StoredModuleTree? TryGetTree(ModuleVersion m, string zipH1)
    {
        var key = TreeKey(m, zipH1);
        if (store.GetActionResult(key) is not CacheHit hit || hit.Result.OutputDirectories.Count != 1 || hit.Result.OutputFiles.Count != 1)
            return null;
        var root = LocalStore.FromProto(hit.Result.OutputDirectories[0].RootDirectoryDigest);
        if (ModuleTreeHash.Compute(store, root, m) != zipH1)
        {
            store.RemoveActionResult(key);
            return null;
        }
        return new StoredModuleTree(root, LocalStore.FromProto(hit.Result.OutputFiles[0].Digest));
    }

    public void PutTree(ModuleVersion m, string zipH1, Core.Digest root, Core.Digest ziphash)
    {
        var tree = store.TryBuildTree(root) ?? throw StoreErrors.BadTree(root, "module tree just stored is unreadable");
        var result = new ActionResult();
        result.OutputDirectories.Add(new OutputDirectory
        {
            Path = "dir",
            TreeDigest = LocalStore.ToProto(store.PutBytes(Google.Protobuf.MessageExtensions.ToByteArray(tree))),
            RootDirectoryDigest = LocalStore.ToProto(root),
        });
        result.OutputFiles.Add(new OutputFile { Path = "ziphash", Digest = LocalStore.ToProto(ziphash) });
        store.PutActionResult(TreeKey(m, zipH1), result);
    }

    public Core.Digest? TryGetFile(ActionKey key) =>
        store.GetActionResult(key) is CacheHit { Result.OutputFiles: [var f] } ? LocalStore.FromProto(f.Digest) : null;

    public void PutFile(ActionKey key, string name, Core.Digest blob)
    {
        var result = new ActionResult();
        result.OutputFiles.Add(new OutputFile { Path = name, Digest = LocalStore.ToProto(blob) });
        store.PutActionResult(key, result);
    }
}

/// A stored module: its extracted tree and the `.ziphash` file the go command checks.
public sealed record StoredModuleTree(Core.Digest Root, Core.Digest ZipHash);
