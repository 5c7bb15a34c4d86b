using System.Collections.Concurrent;
using Kiln.Core;
using Kiln.Store;
using Kiln.Store.Reapi;

namespace Kiln.Go.Modules;

/// Modules in the store, indexed by what go.sum vouches for: a module's extracted tree by (path, version,
/// zip h1), its go.mod by (path, version, go.mod h1), its `.info` by (path, version). Entries live in the
/// action cache, so a hit guarantees every blob is present and gc never leaves a dangling entry; and they
/// go through the store's remote cache like action results, so a fresh machine fetches modules from it.
public sealed class ModuleStore(LocalStore store)
{
    private const string VerifiedMark = "go-module-tree-h1";
    private readonly ConcurrentDictionary<ActionKey, StoredModuleTree> _found = new();

    public LocalStore Store => store;

    public static ActionKey TreeKey(ModuleVersion m, string zipH1) =>
        new(new KeyHasher("go-module-tree/v1").Line("module", m.Path, m.Version, zipH1).Finish());

    public static ActionKey ModKey(ModuleVersion m, string modH1) =>
        new(new KeyHasher("go-module-mod/v1").Line("module", m.Path, m.Version, modH1).Finish());

    public static ActionKey InfoKey(ModuleVersion m) =>
        new(new KeyHasher("go-module-info/v1").Line("module", m.Path, m.Version).Finish());

    /// The module's extracted tree and its `.ziphash` blob, or null. The lookup stats every blob of the tree
    /// (a file edited through a hard link is a miss); the tree's h1 is recomputed the first time this store
    /// sees that (tree, module, h1) — the entry may have come from a remote cache — and a tree that does not
    /// hash to zipH1 is evicted, so the next download fetches it again. Hits are remembered for the run.
    public async Task<StoredModuleTree?> TryGetTreeAsync(ModuleVersion m, string zipH1, CancellationToken ct)
    {
        var key = TreeKey(m, zipH1);
        if (_found.TryGetValue(key, out var known)) return known;
        if (await store.GetActionResultAsync(key, ct) is not CacheHit hit || hit.Result.OutputDirectories.Count != 1 || hit.Result.OutputFiles.Count != 1)
            return null;
        var root = LocalStore.FromProto(hit.Result.OutputDirectories[0].RootDirectoryDigest);
        var mark = VerifiedKey(m, zipH1, root);
        if (!store.HasMark(VerifiedMark, mark))
        {
            if (ModuleTreeHash.Compute(store, root, m) != zipH1)
            {
                store.RemoveActionResult(key);
                return null;
            }
            store.PutMark(VerifiedMark, mark);
        }
        return _found.GetOrAdd(key, new StoredModuleTree(root, LocalStore.FromProto(hit.Result.OutputFiles[0].Digest)));
    }

    private static Core.Digest VerifiedKey(ModuleVersion m, string zipH1, Core.Digest root) =>
        new KeyHasher("go-module-tree-verified/v1").Line("tree", root.ToString(), m.Path, m.Version, zipH1).Finish();

    /// A tree the caller has just snapshotted and whose h1 it has just computed and found equal to `zipH1` (a
    /// download's own check): the first build after it need neither hash the tree again nor check its blobs.
    public async Task PutCheckedTreeAsync(ModuleVersion m, string zipH1, Core.Digest root, Core.Digest ziphash, CancellationToken ct)
    {
        await PutTreeAsync(m, zipH1, root, ziphash, snapshotted: true, ct);
        store.PutMark(VerifiedMark, VerifiedKey(m, zipH1, root));
    }

    public Task PutTreeAsync(ModuleVersion m, string zipH1, Core.Digest root, Core.Digest ziphash, CancellationToken ct) =>
        PutTreeAsync(m, zipH1, root, ziphash, snapshotted: false, ct);

    /// `snapshotted`: the tree's blobs were all put by this process just now.
    private async Task PutTreeAsync(ModuleVersion m, string zipH1, Core.Digest root, Core.Digest ziphash, bool snapshotted, CancellationToken ct)
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
        await store.PutActionResultAsync(TreeKey(m, zipH1), result, blobsJustStored: snapshotted, ct);
    }

    public async Task<Core.Digest?> TryGetFileAsync(ActionKey key, CancellationToken ct) =>
        await store.GetActionResultAsync(key, ct) is CacheHit { Result.OutputFiles: [var f] } ? LocalStore.FromProto(f.Digest) : null;

    public async Task PutFileAsync(ActionKey key, string name, Core.Digest blob, CancellationToken ct)
    {
        var result = new ActionResult();
        result.OutputFiles.Add(new OutputFile { Path = name, Digest = LocalStore.ToProto(blob) });
        await store.PutActionResultAsync(key, result, ct);
    }
}

/// A stored module: its extracted tree and the `.ziphash` file the go command checks.
public sealed record StoredModuleTree(Core.Digest Root, Core.Digest ZipHash);
