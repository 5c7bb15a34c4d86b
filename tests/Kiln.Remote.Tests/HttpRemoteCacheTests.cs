using Kiln.Core;
using Kiln.Remote.HttpCache;
using Kiln.Store;
using Kiln.Testing;

namespace Kiln.Remote.Tests;

/// The Bazel HTTP cache protocol against Debian's nginx with the reference WebDAV config.
public sealed class HttpRemoteCacheTests : IDisposable
{
    private readonly NginxBazelCache _nginx = new();
    private readonly RemoteStores _stores = new();

    public void Dispose()
    {
        _stores.Dispose();
        _nginx.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Client_FindMissingWriteRead_RoundTripsUnderAPrefix()
    {
        using var client = new HttpRemoteCache(_nginx.Url("team-a"), new Dictionary<string, string>());
        var blob = "some bytes"u8.ToArray();
        var d = Digest.Of(blob);

        var before = await client.FindMissingAsync([d, Digest.Empty], Ct);
        await client.WriteBlobsAsync(new Dictionary<Digest, byte[]> { [d] = blob }, Ct);
        var after = await client.FindMissingAsync([d], Ct);
        var read = await client.ReadBlobsAsync([d, Digest.Of("absent"u8)], Ct);

        Assert.Equal([d], before);
        Assert.Empty(after);
        Assert.Equal(blob, read[d]);
        Assert.Single(read);
        Assert.True(File.Exists(Path.Combine(_nginx.DataDir, "team-a", "cas", d.Hash)));
    }

    [Fact]
    public async Task Lookup_OnAnotherMachine_IsARemoteHit_WithIdenticalOutputs()
    {
        var (a, upStats, _) = _stores.Machine(_nginx.Url(), upload: true);
        var (key, result) = _stores.PutSample(a, "http");
        await a.PutActionResultAsync(key, result, Ct);
        var (b, stats, _) = _stores.Machine(_nginx.Url(), upload: false);

        var hit = Assert.IsType<CacheHit>(await b.GetActionResultAsync(key, Ct));

        Assert.True(hit.FromRemote);
        Assert.True(upStats.RemoteBytesUploaded > 0);
        Assert.Equal(upStats.RemoteBytesUploaded, stats.RemoteBytesDownloaded);
        var root = LocalStore.FromProto(result.OutputDirectories[0].RootDirectoryDigest);
        b.Materialize(root, _stores.Dir("from-b"));
        Assert.Equal("package deeper\n", File.ReadAllText(Path.Combine(_stores.Dir("from-b"), "sub", "deeper", "y.go")));
        Assert.Equal("binary http", System.Text.Encoding.UTF8.GetString(b.TryReadBytes(LocalStore.FromProto(hit.Result.OutputFiles[0].Digest))!));
        Assert.True(File.Exists(Path.Combine(_nginx.DataDir, "ac", key.Digest.Hash)));
        Assert.Empty(_stores.Observer.Warnings);
    }

    [Fact]
    public async Task Lookup_BlobCorruptedOnTheServer_IsAMiss_AndWarnsOnce()
    {
        var (a, _, _) = _stores.Machine(_nginx.Url(), upload: true);
        var (key, result) = _stores.PutSample(a, "corrupt");
        await a.PutActionResultAsync(key, result, Ct);
        var stdout = Path.Combine(_nginx.DataDir, "cas", result.StdoutDigest.Hash);
        File.WriteAllText(stdout, "tampered with, same length!!!".PadRight((int)result.StdoutDigest.SizeBytes)[..(int)result.StdoutDigest.SizeBytes]);
        var (b, stats, _) = _stores.Machine(_nginx.Url(), upload: false);

        Assert.IsType<CacheMiss>(await b.GetActionResultAsync(key, Ct));
        Assert.IsType<CacheMiss>(await b.GetActionResultAsync(key, Ct));

        Assert.Contains("does not match its digest", Assert.Single(_stores.Observer.Warnings).Description, StringComparison.Ordinal);
        Assert.Equal(1, stats.RemoteErrors);
    }

    [Fact]
    public async Task Lookup_GarbageActionResult_IsAMiss_AndWarnsOnce()
    {
        var key = new ActionKey(Digest.Of("garbage"u8));
        Directory.CreateDirectory(Path.Combine(_nginx.DataDir, "ac"));
        File.WriteAllBytes(Path.Combine(_nginx.DataDir, "ac", key.Digest.Hash), [0xff, 0xff, 0xff, 0x01]);
        var (b, _, _) = _stores.Machine(_nginx.Url(), upload: false);

        Assert.IsType<CacheMiss>(await b.GetActionResultAsync(key, Ct));

        Assert.Contains("not an ActionResult", Assert.Single(_stores.Observer.Warnings).Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_NothingListening_IsAMiss_AndWarnsOnce()
    {
        var port = NginxBazelCache.FreePort();
        var (b, _, _) = _stores.Machine(new Uri($"http://127.0.0.1:{port}"), upload: false);

        Assert.IsType<CacheMiss>(await b.GetActionResultAsync(new ActionKey(Digest.Of("a"u8)), Ct));
        Assert.IsType<CacheMiss>(await b.GetActionResultAsync(new ActionKey(Digest.Of("b"u8)), Ct));

        Assert.Single(_stores.Observer.Warnings);
    }
}
