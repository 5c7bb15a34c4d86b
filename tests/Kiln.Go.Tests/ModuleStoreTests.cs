using Kiln.Go.Modules;
using Kiln.Store;
using Kiln.Testing;

namespace Kiln.Go.Tests;

/// A stored module tree is trusted only once its h1 was recomputed by this store; the verification is
/// remembered per (tree, module, h1), so an entry naming another h1 for the same tree is still checked.
public sealed class ModuleStoreTests : IDisposable
{
    private static readonly ModuleVersion Module = new("example.com/m", "v1.0.0");
    private readonly TempDirectory _temp = new("kiln-modstore");

    public void Dispose() => _temp.Dispose();

    private (LocalStore Store, Core.Digest Root, Core.Digest ZipHash, string H1) StoredTree()
    {
        _temp.Write("src/go.mod", "module example.com/m\n");
        _temp.Write("src/m.go", "package m\n");
        var store = new LocalStore(_temp.Combine("store"));
        var root = store.Snapshot(_temp.Combine("src"));
        var h1 = ModuleTreeHash.Compute(store, root, Module)!;
        return (store, root, store.PutBytes("h1"u8), h1);
    }

    [Fact]
    public async Task TryGetTree_OfAVerifiedTree_IsAHit_ForEveryLaterRun()
    {
        var (store, root, zipHash, h1) = StoredTree();
        await new ModuleStore(store).PutTreeAsync(Module, h1, root, zipHash, CancellationToken.None);

        var first = await new ModuleStore(store).TryGetTreeAsync(Module, h1, CancellationToken.None);
        var later = await new ModuleStore(new LocalStore(store.Root)).TryGetTreeAsync(Module, h1, CancellationToken.None);

        Assert.Equal(new StoredModuleTree(root, zipHash), first);
        Assert.Equal(first, later);
    }

    [Fact]
    public async Task TryGetTree_WhoseTreeDoesNotHashToTheKeysH1_IsAMissAndEvicted_EvenAfterTheTreeWasVerifiedForItsOwnH1()
    {
        var (store, root, zipHash, h1) = StoredTree();
        var modules = new ModuleStore(store);
        await modules.PutTreeAsync(Module, h1, root, zipHash, CancellationToken.None);
        Assert.NotNull(await modules.TryGetTreeAsync(Module, h1, CancellationToken.None));
        const string forged = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        await modules.PutTreeAsync(Module, forged, root, zipHash, CancellationToken.None);   // as a lying remote could

        Assert.Null(await new ModuleStore(store).TryGetTreeAsync(Module, forged, CancellationToken.None));
        Assert.IsType<CacheMiss>(store.GetActionResult(ModuleStore.TreeKey(Module, forged)));
        Assert.NotNull(await new ModuleStore(store).TryGetTreeAsync(Module, h1, CancellationToken.None));
    }

    [Fact]
    public async Task TryGetTree_OfATreeItsDownloaderChecked_IsNotHashedAgain_WhileAnUncheckedOneIs()
    {
        var (store, root, zipHash, _) = StoredTree();
        const string claimed = "h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=";   // not the tree's: only a skipped hash accepts it
        await new ModuleStore(store).PutCheckedTreeAsync(Module, claimed, root, zipHash, CancellationToken.None);
        var other = new ModuleVersion(Module.Path, "v9.9.9");
        await new ModuleStore(store).PutTreeAsync(other, claimed, root, zipHash, CancellationToken.None);

        Assert.NotNull(await new ModuleStore(new LocalStore(store.Root)).TryGetTreeAsync(Module, claimed, CancellationToken.None));
        Assert.Null(await new ModuleStore(new LocalStore(store.Root)).TryGetTreeAsync(other, claimed, CancellationToken.None));
    }
}
