using System.Diagnostics;
using System.Text;
using Kiln.Core;
using Kiln.Testing;

namespace Kiln.Store.Tests;

/// Real processes writing one store: killed with SIGKILL mid-write, or racing each other.
public class CrashSafetyTests
{
    private static Process StartWriter(string storeRoot, int seed, int rounds)
    {
        var dll = typeof(StressEntries).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet", [dll, storeRoot, seed.ToString(), rounds.ToString()])
        { RedirectStandardError = true, RedirectStandardOutput = true };
        return Process.Start(psi)!;
    }

    [Fact]
    public async Task Store_WriterKilledAtRandomMoments_StaysConsistent()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory("kiln-crash");
        var root = temp.Combine("store");
        var random = new Random(12345);
        for (var i = 0; i < 25; i++)
        {
            using var writer = StartWriter(root, i, rounds: -1);
            await Task.Delay(random.Next(150, 700), ct);
            writer.Kill(); // SIGKILL: no finally blocks, no flushing
            await writer.WaitForExitAsync(ct);
        }
        AssertConsistent(root, expectSomeEntries: true);
    }

    [Fact]
    public async Task Store_ConcurrentWriterProcesses_SameAndDifferentEntries_AllSound()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory("kiln-concurrent");
        var root = temp.Combine("store");
        var writers = Enumerable.Range(0, 4).Select(seed => StartWriter(root, seed, rounds: 300)).ToList();
        foreach (var w in writers)
        {
            await w.WaitForExitAsync(ct);
            Assert.True(w.ExitCode == 0, await w.StandardError.ReadToEndAsync(ct));
            w.Dispose();
        }
        AssertConsistent(root, expectSomeEntries: true);
        Assert.Empty(StoreFixture.TempFiles(root));
    }

    /// Every blob's bytes hash to its name, and every action entry is either a miss or the exact result
    /// its writer stored.
    private static void AssertConsistent(string root, bool expectSomeEntries)
    {
        var store = new LocalStore(root);
        var blobs = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "cas"), "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file).StartsWith(".tmp-", StringComparison.Ordinal)) continue; // a killed writer's, swept by gc
            var bytes = File.ReadAllBytes(file);
            Assert.Equal(Path.GetFileName(file), Digest.Of(bytes).Hash);
            blobs++;
        }
        var hits = 0;
        for (var i = 0; i < 64; i++)
        {
            if (store.GetActionResult(StressEntries.Key(i)) is not CacheHit hit) continue;
            hits++;
            Assert.Equal(StressEntries.Content(i), store.TryReadBytes(LocalStore.FromProto(hit.Result.StdoutDigest)));
            Assert.Equal(Encoding.UTF8.GetBytes($"out-{i}"), store.TryReadBytes(LocalStore.FromProto(hit.Result.OutputFiles[0].Digest)));
        }
        Assert.Equal(0, store.Stats.CorruptEntriesEvicted);
        if (expectSomeEntries)
        {
            Assert.True(blobs > 0);
            Assert.True(hits > 0);
        }
    }
}
