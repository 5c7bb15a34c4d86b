using Kiln.Core;
using Kiln.Remote.Tests.Fakes;
using Kiln.Store;

namespace Kiln.Remote.Tests;

/// REAPI gRPC against an in-process fake server: a result uploaded by one machine is a remote hit on
/// another, and no fault of the server fails a lookup or an upload: it warns once and builds locally.
public sealed class GrpcRemoteCacheTests : IAsyncLifetime, IDisposable
{
    private readonly RemoteStores _stores = new();
    private FakeReapiServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeReapiServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _stores.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(ActionKey Key, Store.Reapi.ActionResult Result, LocalStore A)> UploadSampleAsync(int bigFileBytes = 0)
    {
        var (a, _, _) = _stores.Machine(_server.Url, upload: true);
        var (key, result) = _stores.PutSample(a, "grpc", bigFileBytes);
        await a.PutActionResultAsync(key, result, Ct);
        return (key, result, a);
    }

    [Fact]
    public async Task Lookup_OnAnotherMachine_IsARemoteHit_AndTheTreeMaterializesIdentically()
    {
        var (key, result, a) = await UploadSampleAsync(bigFileBytes: 200_000); // > the fake's 64 KiB batch limit: ByteStream
        var (b, stats, _) = _stores.Machine(_server.Url, upload: false);

        var hit = Assert.IsType<CacheHit>(await b.GetActionResultAsync(key, Ct));

        Assert.True(hit.FromRemote);
        Assert.Equal(1, stats.RemoteHits);
        Assert.True(stats.RemoteBytesDownloaded > 200_000);
        Assert.IsType<CacheHit>(b.GetActionResult(key)); // now a local entry too
        var root = LocalStore.FromProto(result.OutputDirectories[0].RootDirectoryDigest);
        a.Materialize(root, _stores.Dir("from-a"));
        b.Materialize(root, _stores.Dir("from-b"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_stores.Dir("from-a"), "big.bin")), File.ReadAllBytes(Path.Combine(_stores.Dir("from-b"), "big.bin")));
        Assert.Equal("x.go", new FileInfo(Path.Combine(_stores.Dir("from-b"), "sub", "link")).LinkTarget);
        Assert.Equal(0, _server.State.CallsWithoutMetadata);
        Assert.Contains("ByteStream.Write", _server.State.Calls);
        Assert.Contains("ByteStream.Read", _server.State.Calls);
        Assert.Contains("BatchUpdateBlobs", _server.State.Calls);
        Assert.Contains("FindMissingBlobs", _server.State.Calls);
        Assert.Empty(_stores.Observer.Warnings);
    }

    [Fact]
    public async Task Lookup_WhenBatchReadIsUnimplemented_FallsBackToByteStream()
    {
        var (key, _, _) = await UploadSampleAsync();
        _server.State.BatchReadUnimplemented = true;
        var (b, _, _) = _stores.Machine(_server.Url, upload: false);

        Assert.True(Assert.IsType<CacheHit>(await b.GetActionResultAsync(key, Ct)).FromRemote);
        Assert.Empty(_stores.Observer.Warnings);
    }

    [Fact]
    public async Task Upload_SecondTime_SendsNoBlobs()
    {
        var (key, result, a) = await UploadSampleAsync();
        var writesBefore = _server.State.Calls.Count(c => c is "BatchUpdateBlobs" or "ByteStream.Write");

        await a.PutActionResultAsync(key, result, Ct);

        Assert.Equal(writesBefore, _server.State.Calls.Count(c => c is "BatchUpdateBlobs" or "ByteStream.Write"));
    }

    [Fact]
    public async Task Lookup_UnavailableThenAvailable_RetriesAndHits()
    {
        var (key, _, _) = await UploadSampleAsync();
        _server.State.FailNextWithUnavailable = 2;
        var (b, stats, _) = _stores.Machine(_server.Url, upload: false);

        Assert.True(Assert.IsType<CacheHit>(await b.GetActionResultAsync(key, Ct)).FromRemote);
        Assert.Equal(0, stats.RemoteErrors);
        Assert.Empty(_stores.Observer.Warnings);
    }

    [Fact]
    public async Task Lookup_CorruptBlob_IsAMiss_WarnsOnce_AndDisablesTheRemote()
    {
        var (key, _, _) = await UploadSampleAsync();
        _server.State.CorruptReads = true;
        var (b, stats, remote) = _stores.Machine(_server.Url, upload: false);

        var first = await b.GetActionResultAsync(key, Ct);
        var calls = _server.State.Calls.Count;
        var second = await b.GetActionResultAsync(key, Ct);

        Assert.IsType<CacheMiss>(first);
        Assert.IsType<CacheMiss>(second);
        Assert.True(remote.IsOpen);
        Assert.Equal(calls, _server.State.Calls.Count); // the second lookup did not ask the remote
        var warning = Assert.Single(_stores.Observer.Warnings);
        Assert.Contains("does not match its digest", warning.Description, StringComparison.Ordinal);
        Assert.Equal(1, stats.RemoteErrors);
        Assert.IsType<CacheMiss>(b.GetActionResult(key)); // nothing half-written locally
    }

    [Fact]
    public async Task Lookup_MissingBlob_IsAMiss_WithoutDisablingTheRemote()
    {
        var (key, _, _) = await UploadSampleAsync();
        _server.State.HideBlobs = true;
        var (b, stats, remote) = _stores.Machine(_server.Url, upload: false);

        var miss = Assert.IsType<CacheMiss>(await b.GetActionResultAsync(key, Ct));

        Assert.Contains("not in the remote cache", miss.Reason, StringComparison.Ordinal);
        Assert.False(remote.IsOpen);
        Assert.Equal(1, stats.RemoteMisses);
        Assert.Empty(_stores.Observer.Warnings);
    }

    [Fact]
    public async Task Lookup_SlowerThanTheTimeout_IsAMiss_AndWarnsOnce()
    {
        var (key, _, _) = await UploadSampleAsync();
        _server.State.Delay = TimeSpan.FromSeconds(3);
        var (b, _, _) = _stores.Machine(_server.Url, upload: false, timeout: TimeSpan.FromMilliseconds(300));

        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.IsType<CacheMiss>(await b.GetActionResultAsync(key, Ct));
        Assert.IsType<CacheMiss>(await b.GetActionResultAsync(key, Ct));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2.5), $"took {started.Elapsed}");
        Assert.Contains("took longer than", Assert.Single(_stores.Observer.Warnings).Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_ServerRefusesWrites_StoresLocally_AndWarnsOnce()
    {
        _server.State.RefuseWrites = true;
        var (a, stats, remote) = _stores.Machine(_server.Url, upload: true);
        var (key, result) = _stores.PutSample(a, "refused");
        var (key2, result2) = _stores.PutSample(a, "refused-too");

        await a.PutActionResultAsync(key, result, Ct);
        await a.PutActionResultAsync(key2, result2, Ct);

        Assert.IsType<CacheHit>(a.GetActionResult(key));
        Assert.IsType<CacheHit>(a.GetActionResult(key2));
        Assert.True(remote.IsOpen);
        Assert.Contains("PermissionDenied", Assert.Single(_stores.Observer.Warnings).Description, StringComparison.Ordinal);
        Assert.Equal(0, stats.RemoteBytesUploaded);
        Assert.Empty(_server.State.ActionResults);
    }

    [Fact]
    public async Task Lookup_ServerDown_IsAMiss_AndWarnsOnce()
    {
        var url = _server.Url;
        await _server.StopAsync();
        var (b, _, _) = _stores.Machine(url, upload: true);
        var (key, result) = _stores.PutSample(b, "down");

        Assert.IsType<CacheMiss>(await b.GetActionResultAsync(new ActionKey(Digest.Of("nothing"u8)), Ct));
        await b.PutActionResultAsync(key, result, Ct);

        Assert.Single(_stores.Observer.Warnings);
        Assert.IsType<CacheHit>(b.GetActionResult(key));
    }

    [Fact]
    public async Task Lookup_TreeWithTraversalName_IsRejected()
    {
        var (key, result, a) = await UploadSampleAsync();
        var tree = Store.Reapi.Tree.Parser.ParseFrom(a.TryReadBytes(LocalStore.FromProto(result.OutputDirectories[0].TreeDigest))!);
        tree.Root.Files[0].Name = "..";
        var evil = result.Clone();
        var treeBytes = Google.Protobuf.MessageExtensions.ToByteArray(tree);
        var treeDigest = Digest.Of(treeBytes);
        _server.State.Blobs[treeDigest] = treeBytes;
        evil.OutputDirectories[0].TreeDigest = LocalStore.ToProto(treeDigest);
        evil.OutputDirectories[0].RootDirectoryDigest = null;
        _server.State.ActionResults[key.Digest.Hash] = evil;
        var (b, _, _) = _stores.Machine(_server.Url, upload: false);

        var miss = Assert.IsType<CacheMiss>(await b.GetActionResultAsync(key, Ct));

        Assert.Contains("unsafe file name '..'", miss.Reason, StringComparison.Ordinal);
        Assert.IsType<CacheMiss>(b.GetActionResult(key));
    }
}
