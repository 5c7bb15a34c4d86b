using Kiln.Core;
using Kiln.Store.Reapi;
using Microsoft.Extensions.Time.Testing;
using Digest = Kiln.Core.Digest;

namespace Kiln.Store.Tests;

public class GcTests
{
    [Fact]
    public void Collect_OverLimit_EvictsLeastRecentlyUsedFirst_AndLeavesNoDanglingEntries()
    {
        using var temp = new Kiln.Testing.TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new LocalStore(temp.Combine("store"), time: time);
        var old = store.PutBytes(new byte[10_000]);
        var oldResult = new ActionResult();
        oldResult.OutputFiles.Add(new OutputFile { Path = "old", Digest = LocalStore.ToProto(old) });
        var oldKey = new ActionKey(Digest.Of("old"u8));
        store.PutActionResult(oldKey, oldResult);

        time.Advance(TimeSpan.FromDays(2));
        var fresh = store.PutBytes(Enumerable.Repeat((byte)1, 10_000).ToArray());
        var freshResult = new ActionResult();
        freshResult.OutputFiles.Add(new OutputFile { Path = "fresh", Digest = LocalStore.ToProto(fresh) });
        var freshKey = new ActionKey(Digest.Of("fresh"u8));
        store.PutActionResult(freshKey, freshResult);

        var report = store.Collect(maxSizeBytes: 12_000);

        Assert.True(report.BytesAfter <= 12_000);
        Assert.False(store.Contains(old));
        Assert.True(store.Contains(fresh));
        Assert.IsType<CacheHit>(store.GetActionResult(freshKey));
        Assert.Equal(1, report.ActionEntriesRemoved);
        Assert.False(File.Exists(Path.Combine(temp.Combine("store"), "ac", oldKey.Digest.Hash[..2], oldKey.Digest.Hash)));
    }

    [Fact]
    public void Collect_UnderLimit_EvictsNothing()
    {
        using var temp = new Kiln.Testing.TempDirectory();
        var store = new LocalStore(temp.Combine("store"));
        var d = store.PutBytes("keep"u8);
        var report = store.Collect(1 << 20);
        Assert.Equal(0, report.BlobsEvicted);
        Assert.True(store.Contains(d));
    }
}
