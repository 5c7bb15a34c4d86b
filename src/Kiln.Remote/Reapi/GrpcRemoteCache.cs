using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Kiln.Core;
using Kiln.Remote.ByteStream;
using Kiln.Store;
using ActionResult = Kiln.Store.Reapi.ActionResult;
using ByteStreamClient = Kiln.Remote.ByteStream.ByteStream.ByteStreamClient;

namespace Kiln.Remote.Reapi;

/// A REAPI v2 cache over gRPC. Capabilities are read once, on first use: the server must offer SHA-256, and
/// its batch limit decides which blobs go in BatchUpdateBlobs/BatchReadBlobs and which through ByteStream.
/// A server that does not implement BatchReadBlobs (Bazel's RemoteWorker) is read through ByteStream.
public sealed class GrpcRemoteCache : IRemoteCache, IDisposable
{
    public const string RequestMetadataHeader = "build.bazel.remote.execution.v2.requestmetadata-bin";
    private const long DefaultBatchLimit = 4 << 20;
    private const int ChunkBytes = 256 << 10;
    private const int MaxAttempts = 4;

    private readonly GrpcChannel _channel;
    private readonly string _instance;
    private readonly ContentAddressableStorage.ContentAddressableStorageClient _cas;
    private readonly ActionCache.ActionCacheClient _ac;
    private readonly Capabilities.CapabilitiesClient _capabilities;
    private readonly ByteStreamClient _byteStream;
    private readonly SemaphoreSlim _concurrency;
    private readonly TimeProvider _time;
    private readonly Lazy<Task<long>> _batchLimit;
    private volatile bool _batchReadUnimplemented;

    public GrpcRemoteCache(Uri address, string instanceName, IReadOnlyDictionary<string, string> headers, string invocationId,
        int maxConcurrency = 16, TimeProvider? time = null)
    {
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2) },
            MaxReceiveMessageSize = 64 << 20,
            MaxSendMessageSize = 64 << 20,
        });
        var metadata = new RequestMetadata
        {
            ToolDetails = new ToolDetails { ToolName = "kiln", ToolVersion = typeof(GrpcRemoteCache).Assembly.GetName().Version?.ToString() ?? "" },
            ToolInvocationId = invocationId,
        }.ToByteArray();
        var invoker = _channel.CreateCallInvoker().Intercept(m =>
        {
            m.Add(RequestMetadataHeader, metadata);
            foreach (var (name, value) in headers) m.Add(name.ToLowerInvariant(), value);
            return m;
        });
        _instance = instanceName;
        _cas = new ContentAddressableStorage.ContentAddressableStorageClient(invoker);
        _ac = new ActionCache.ActionCacheClient(invoker);
        _capabilities = new Capabilities.CapabilitiesClient(invoker);
        _byteStream = new ByteStreamClient(invoker);
        _concurrency = new SemaphoreSlim(maxConcurrency);
        _time = time ?? TimeProvider.System;
        _batchLimit = new Lazy<Task<long>>(() => ReadCapabilitiesAsync(CancellationToken.None));
    }

    public async Task<IReadOnlySet<Core.Digest>> FindMissingAsync(IReadOnlyCollection<Core.Digest> digests, CancellationToken ct)
    {
        await BatchLimitAsync(ct);
        var request = new FindMissingBlobsRequest { InstanceName = _instance, DigestFunction = DigestFunction.Types.Value.Sha256 };
        request.BlobDigests.AddRange(digests.Where(d => d.SizeBytes > 0).Distinct().Select(LocalStore.ToProto));
        if (request.BlobDigests.Count == 0) return new HashSet<Core.Digest>();
        var response = await CallAsync(c => _cas.FindMissingBlobsAsync(request, cancellationToken: c).ResponseAsync, ct);
        return response.MissingBlobDigests.Select(LocalStore.FromProto).ToHashSet();
    }

    public async Task<IReadOnlyDictionary<Core.Digest, byte[]>> ReadBlobsAsync(IReadOnlyCollection<Core.Digest> digests, CancellationToken ct)
    {
        var limit = await BatchLimitAsync(ct);
        var found = new Dictionary<Core.Digest, byte[]>();
        var wanted = digests.Distinct().ToList();
        foreach (var d in wanted.Where(d => d.SizeBytes == 0)) found[d] = [];
        var small = wanted.Where(d => d.SizeBytes > 0 && d.SizeBytes <= limit / 2).ToList();
        var large = wanted.Where(d => d.SizeBytes > limit / 2).ToList();
        if (!_batchReadUnimplemented)
        {
            try
            {
                var batches = await Task.WhenAll(Batches(small, limit).Select(b => BatchReadAsync(b, ct)));
                foreach (var batch in batches)
                {
                    foreach (var (d, bytes) in batch) found[d] = bytes;
                }
                small = [];
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
            {
                _batchReadUnimplemented = true;
            }
        }
        var streamed = await Task.WhenAll(small.Concat(large).Select(async d => (d, Bytes: await ByteStreamReadAsync(d, ct))));
        foreach (var (d, bytes) in streamed)
        {
            if (bytes is not null) found[d] = bytes;
        }
        return found;
    }

    public async Task WriteBlobsAsync(IReadOnlyDictionary<Core.Digest, byte[]> blobs, CancellationToken ct)
    {
        var limit = await BatchLimitAsync(ct);
        var wanted = blobs.Keys.Where(d => d.SizeBytes > 0).ToList();
        var small = wanted.Where(d => d.SizeBytes <= limit / 2).ToList();
        var large = wanted.Where(d => d.SizeBytes > limit / 2);
        await Task.WhenAll(Batches(small, limit).Select(b => BatchUpdateAsync(b, blobs, ct))
            .Concat(large.Select(d => ByteStreamWriteAsync(d, blobs[d], ct))));
    }

    public async Task<ActionResult?> GetActionResultAsync(ActionKey key, CancellationToken ct)
    {
        await BatchLimitAsync(ct);
        var request = new GetActionResultRequest { InstanceName = _instance, ActionDigest = LocalStore.ToProto(key.Digest), DigestFunction = DigestFunction.Types.Value.Sha256 };
        try { return await CallAsync(c => _ac.GetActionResultAsync(request, cancellationToken: c).ResponseAsync, ct); }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
    }

    public async Task UpdateActionResultAsync(ActionKey key, ActionResult result, CancellationToken ct)
    {
        await BatchLimitAsync(ct);
        var request = new UpdateActionResultRequest
        {
            InstanceName = _instance,
            ActionDigest = LocalStore.ToProto(key.Digest),
            ActionResult = result,
            DigestFunction = DigestFunction.Types.Value.Sha256,
        };
        await CallAsync(c => _ac.UpdateActionResultAsync(request, cancellationToken: c).ResponseAsync, ct);
    }

    private async Task<long> BatchLimitAsync(CancellationToken ct) => await _batchLimit.Value.WaitAsync(ct);

    private async Task<long> ReadCapabilitiesAsync(CancellationToken ct)
    {
        var caps = await CallAsync(c => _capabilities.GetCapabilitiesAsync(new GetCapabilitiesRequest { InstanceName = _instance }, cancellationToken: c).ResponseAsync, ct);
        var cache = caps.CacheCapabilities ?? throw new RemoteCacheException("the server offers no cache (no cache_capabilities)");
        if (cache.DigestFunctions.Count > 0 && !cache.DigestFunctions.Contains(DigestFunction.Types.Value.Sha256))
            throw new RemoteCacheException($"the server does not offer SHA-256 digests (it offers {string.Join(", ", cache.DigestFunctions)})");
        return cache.MaxBatchTotalSizeBytes > 0 ? Math.Min(cache.MaxBatchTotalSizeBytes, DefaultBatchLimit) : DefaultBatchLimit;
    }

    private async Task<List<(Core.Digest, byte[])>> BatchReadAsync(List<Core.Digest> batch, CancellationToken ct)
    {
        var request = new BatchReadBlobsRequest { InstanceName = _instance, DigestFunction = DigestFunction.Types.Value.Sha256 };
        request.Digests.AddRange(batch.Select(LocalStore.ToProto));
        var response = await CallAsync(c => _cas.BatchReadBlobsAsync(request, cancellationToken: c).ResponseAsync, ct);
        var result = new List<(Core.Digest, byte[])>();
        foreach (var r in response.Responses)
        {
            var code = (StatusCode)(r.Status?.Code ?? 0);
            if (code == StatusCode.NotFound) continue;
            if (code != StatusCode.OK) throw new RemoteCacheException($"BatchReadBlobs {LocalStore.FromProto(r.Digest)}: {code} {r.Status?.Message}");
            result.Add((LocalStore.FromProto(r.Digest), Verified(LocalStore.FromProto(r.Digest), r.Data.ToByteArray())));
        }
        return result;
    }

    private async Task BatchUpdateAsync(List<Core.Digest> batch, IReadOnlyDictionary<Core.Digest, byte[]> blobs, CancellationToken ct)
    {
        var request = new BatchUpdateBlobsRequest { InstanceName = _instance, DigestFunction = DigestFunction.Types.Value.Sha256 };
        foreach (var d in batch)
            request.Requests.Add(new BatchUpdateBlobsRequest.Types.Request { Digest = LocalStore.ToProto(d), Data = ByteString.CopyFrom(blobs[d]) });
        var response = await CallAsync(c => _cas.BatchUpdateBlobsAsync(request, cancellationToken: c).ResponseAsync, ct);
        foreach (var r in response.Responses)
        {
            if (r.Status is { Code: not 0 } s) throw new RemoteCacheException($"BatchUpdateBlobs {LocalStore.FromProto(r.Digest)}: {(StatusCode)s.Code} {s.Message}");
        }
    }

    private Task<byte[]?> ByteStreamReadAsync(Core.Digest d, CancellationToken ct) => CallAsync(async c =>
    {
        using var call = _byteStream.Read(new ReadRequest { ResourceName = ResourceNames.Read(_instance, d) }, cancellationToken: c);
        using var buffer = new MemoryStream(checked((int)d.SizeBytes));
        try
        {
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(c))
            {
                if (buffer.Length + chunk.Data.Length > d.SizeBytes) throw new RemoteCacheException($"ByteStream.Read {d}: more bytes than its size");
                chunk.Data.WriteTo(buffer);
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
        return (byte[]?)Verified(d, buffer.ToArray());
    }, ct);

    private Task ByteStreamWriteAsync(Core.Digest d, byte[] data, CancellationToken ct) => CallAsync(async c =>
    {
        using var call = _byteStream.Write(cancellationToken: c);
        var name = ResourceNames.Write(_instance, Guid.NewGuid(), d);
        for (var offset = 0; offset < data.Length; offset += ChunkBytes)
        {
            var length = Math.Min(ChunkBytes, data.Length - offset);
            await call.RequestStream.WriteAsync(new WriteRequest
            {
                ResourceName = offset == 0 ? name : "",
                WriteOffset = offset,
                FinishWrite = offset + length == data.Length,
                Data = ByteString.CopyFrom(data, offset, length),
            }, c);
        }
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;
        if (response.CommittedSize != d.SizeBytes && response.CommittedSize != -1)
            throw new RemoteCacheException($"ByteStream.Write {d}: the server committed {response.CommittedSize} bytes");
        return true;
    }, ct);

    private static byte[] Verified(Core.Digest d, byte[] bytes) =>
        bytes.Length == d.SizeBytes && Core.Digest.Of(bytes) == d ? bytes : throw new RemoteCacheException($"blob {d} from the remote cache does not match its digest");

    /// Groups digests into batches whose total size stays under the server's limit (with room for framing).
    private static IEnumerable<List<Core.Digest>> Batches(List<Core.Digest> digests, long limit)
    {
        var batch = new List<Core.Digest>();
        long size = 0;
        foreach (var d in digests)
        {
            if (batch.Count > 0 && size + d.SizeBytes + 256 > limit * 3 / 4)
            {
                yield return batch;
                batch = [];
                size = 0;
            }
            batch.Add(d);
            size += d.SizeBytes + 256;
        }
        if (batch.Count > 0) yield return batch;
    }

    /// One RPC under the concurrency bound, retried with exponential backoff while the server is UNAVAILABLE.
    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        for (var attempt = 1; ; attempt++)
        {
            await _concurrency.WaitAsync(ct);
            try { return await call(ct); }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && attempt < MaxAttempts && !ct.IsCancellationRequested) { }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested) { throw new OperationCanceledException(ct); }
            finally { _concurrency.Release(); }
            await Task.Delay(delay, _time, ct);
            delay *= 2;
        }
    }

    public void Dispose()
    {
        _channel.Dispose();
        _concurrency.Dispose();
    }
}
