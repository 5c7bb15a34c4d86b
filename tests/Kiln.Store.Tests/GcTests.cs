using Kiln.Core;
using Kiln.Store.Reapi;
using Microsoft.Extensions.Time.Testing;
using Digest = Kiln.Core.Digest;
using Directory = System.IO.Directory;

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

    [Fact]
    public void GcGeneration_ACopyOfTheStoreKeepsIt_GcChangesIt()
    {
        using var temp = new Kiln.Testing.TempDirectory();                                  // Given: a store gc has run on
        var store = new LocalStore(temp.Combine("store"));
        Assert.Equal("0", store.GcGeneration);
        store.PutBytes("kept"u8);
        store.Collect(1 << 20);
        var generation = store.GcGeneration;
        Assert.NotEqual("0", generation);

        foreach (var file in Directory.EnumerateFiles(temp.Combine("store"), "*", SearchOption.AllDirectories)) // When: copied file by file (new inodes)
        {
            var copy = Path.Combine(temp.Combine("copy"), Path.GetRelativePath(temp.Combine("store"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        var copied = new LocalStore(temp.Combine("copy"));

        Assert.Equal(generation, copied.GcGeneration);                                      // Then: the same generation, until gc runs on one
        copied.Collect(1 << 20);
        Assert.NotEqual(generation, copied.GcGeneration);
        Assert.Equal(generation, store.GcGeneration);
        store.Collect(1 << 20);
        Assert.NotEqual(generation, store.GcGeneration);
    }

    [Fact]
    public void Collect_TempFilesAKilledWriterLeftBesideEntries_AreSweptOnceStale_AndNeverCountedAsBlobs()
    {
        using var temp = new Kiln.Testing.TempDirectory();                                  // Given: a store with one blob, entry and mark
        var root = temp.Combine("store");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new LocalStore(root, time: time);
        var blob = store.PutBytes("kept"u8);
        var key = new ActionKey(Digest.Of("k"u8));
        store.PutActionResult(key, new ActionResult { StdoutDigest = LocalStore.ToProto(blob) });
        store.PutMark("m", Digest.Of("mark"u8));
        var blobBytes = Directory.EnumerateFiles(Path.Combine(root, "cas"), "*", SearchOption.AllDirectories).Sum(p => new FileInfo(p).Length);
        var shard = Path.Combine(root, "cas", blob.Hash[..2]);                                // and what a killed writer left beside them
        var left = new[]
        {
            Path.Combine(shard, ".tmp-" + new string('1', 32)),
            Path.Combine(root, "ac", key.Digest.Hash[..2], ".tmp-" + new string('2', 32)),
            Path.Combine(root, "marks", "m", Digest.Of("mark"u8).Hash[..2], ".tmp-" + new string('3', 32)),
        };
        foreach (var path in left) File.WriteAllBytes(path, new byte[5000]);
        foreach (var path in left) File.SetLastWriteTimeUtc(path, time.GetUtcNow().UtcDateTime);

        var fresh = store.Collect(maxSizeBytes: 1 << 20);                                   // When: recent, then an hour later
        time.Advance(TimeSpan.FromHours(2));
        var later = store.Collect(maxSizeBytes: 1 << 20);

        Assert.Equal(0, fresh.TempFilesRemoved);                                            // Then
        Assert.Equal(blobBytes, fresh.BytesBefore);                                         // a temp file is not a blob
        Assert.Equal(3, later.TempFilesRemoved);
        Assert.All(left, path => Assert.False(File.Exists(path)));
        Assert.IsType<CacheHit>(store.GetActionResult(key));
        Assert.NotNull(store.TryReadMark("m", Digest.Of("mark"u8)));
    }

    [Fact]
    public void Collect_SandboxesOfDeadAndLiveProcesses_SweepsOnlyTheDeadOnes()
    {
        using var temp = new Kiln.Testing.TempDirectory();                                  // Given
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new LocalStore(temp.Combine("store"), time: time);
        var live = store.NewSandbox();                                                     // this process's
        Directory.CreateDirectory(Path.Combine(live, "root"));
        var dead = Path.Combine(store.SandboxRoot, new string('d', 32));                   // a process that died (kill -9)
        Directory.CreateDirectory(Path.Combine(dead, "root", "sub"));
        File.WriteAllText(Path.Combine(dead, "root", "sub", "f.go"), "package sub\n");
        File.WriteAllText(dead + ".owner", $"{ExitedProcessId()} 12345");
        var reused = Path.Combine(store.SandboxRoot, new string('e', 32));                 // its pid now runs another process
        Directory.CreateDirectory(reused);
        File.WriteAllText(reused + ".owner", $"{Environment.ProcessId} 1");
        var orphanOwner = Path.Combine(store.SandboxRoot, new string('f', 32) + ".owner");
        File.WriteAllText(orphanOwner, $"{ExitedProcessId()} 12345");
        var ownerless = Path.Combine(store.SandboxRoot, "s-" + new string('a', 32));       // left by an older Kiln
        Directory.CreateDirectory(ownerless);

        var fresh = store.Collect(1 << 30);                                                // When: the ownerless one is recent
        time.Advance(TimeSpan.FromHours(2));
        var later = store.Collect(1 << 30);

        Assert.Equal(2, fresh.SandboxesRemoved);                                           // Then
        Assert.False(Directory.Exists(dead));
        Assert.False(File.Exists(dead + ".owner"));
        Assert.False(Directory.Exists(reused));
        Assert.False(File.Exists(orphanOwner));
        Assert.True(Directory.Exists(live));
        Assert.True(File.Exists(live + ".owner"));
        Assert.Equal(1, later.SandboxesRemoved);
        Assert.False(Directory.Exists(ownerless));
        Assert.True(Directory.Exists(live));

        LocalStore.DeleteSandbox(live);                                                    // released: nothing left
        Assert.Empty(Directory.EnumerateFileSystemEntries(store.SandboxRoot));
    }

    /// The pid of a process that has exited (and been reaped).
    private static int ExitedProcessId()
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/true"))!;
        p.WaitForExit();
        return p.Id;
    }
}
