namespace Kiln.Store.Tests;

/// Leases on a store: builds share it, gc and clean hold it alone and wait for the builds (and the other way
/// round), and a lease ends with its holder.
public sealed class StoreLeaseTests
{
    [Fact]
    public async Task Acquire_ExclusiveWhileShared_WaitsForTheSharedHoldersToEnd()
    {
        using var temp = new Kiln.Testing.TempDirectory("kiln-lease");                        // Given
        var first = StoreLease.Acquire(temp.Path, exclusive: false, _ => throw new InvalidOperationException("a shared lease waits for no shared lease"));
        using var second = StoreLease.Acquire(temp.Path, exclusive: false, _ => throw new InvalidOperationException("a shared lease waits for no shared lease"));
        var waited = new TaskCompletionSource<string>();

        var gc = Task.Run(() => StoreLease.Acquire(temp.Path, exclusive: true, m => waited.TrySetResult(m)), TestContext.Current.CancellationToken);   // When
        var message = await waited.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        var heldWhileShared = gc.IsCompleted;
        first.Dispose();
        second.Dispose();
        using var exclusive = await gc.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Contains("waiting for the other kiln processes", message, StringComparison.Ordinal);  // Then
        Assert.False(heldWhileShared);
        Assert.True(exclusive.Exclusive);
    }

    [Fact]
    public async Task Acquire_SharedWhileExclusive_WaitsForGcToEnd()
    {
        using var temp = new Kiln.Testing.TempDirectory("kiln-lease");                        // Given
        var gc = StoreLease.Acquire(temp.Path, exclusive: true, _ => { });
        var waited = new TaskCompletionSource<string>();

        var build = Task.Run(() => StoreLease.Acquire(temp.Path, exclusive: false, m => waited.TrySetResult(m)), TestContext.Current.CancellationToken);  // When
        var message = await waited.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var heldDuringGc = build.IsCompleted;
        gc.Dispose();
        using var shared = await build.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Contains("waiting for kiln gc or clean", message, StringComparison.Ordinal);    // Then
        Assert.False(heldDuringGc);
        Assert.False(shared.Exclusive);
    }

    [Fact]
    public void Acquire_UnwritableRoot_IsAnErrorNamingTheLockFile()
    {
        using var temp = new Kiln.Testing.TempDirectory("kiln-lease");                        // Given
        var root = temp.Combine("store");
        Directory.CreateDirectory(Path.Combine(root, "lock"));                                  // a directory where the lock file goes

        var e = Assert.Throws<Kiln.Core.KilnException>(() => StoreLease.Acquire(root, exclusive: false, _ => { }));  // When

        Assert.Contains("cannot lock the store", e.Message, StringComparison.Ordinal);           // Then
    }
}
