using System.Collections.Concurrent;
using Grpc.Core;
using Kiln.Core;
using Kiln.Remote.Reapi;
using ActionResult = Kiln.Store.Reapi.ActionResult;

namespace Kiln.Remote.Tests.Fakes;

/// The fake server's CAS, action cache, recorded calls and fault switches (set by tests between calls).
internal sealed class FakeReapiState
{
    public ConcurrentDictionary<Digest, byte[]> Blobs { get; } = new();
    public ConcurrentDictionary<string, ActionResult> ActionResults { get; } = new();
    public ConcurrentQueue<string> Calls { get; } = new();
    public int CallsWithoutMetadata;

    public long MaxBatchTotalSizeBytes { get; set; } = 64 << 10;
    public bool BatchReadUnimplemented { get; set; }
    public bool CorruptReads { get; set; }
    public bool HideBlobs { get; set; }
    public bool RefuseWrites { get; set; }
    public TimeSpan Delay { get; set; }
    public int FailNextWithUnavailable;

    /// Every RPC starts here: records it, checks the RequestMetadata header, applies the faults.
    public async Task EnterAsync(ServerCallContext context, string method)
    {
        Calls.Enqueue(method);
        var header = context.RequestHeaders.Get(GrpcRemoteCache.RequestMetadataHeader);
        if (header is null || !header.IsBinary || RequestMetadata.Parser.ParseFrom(header.ValueBytes).ToolDetails?.ToolName != "kiln")
            Interlocked.Increment(ref CallsWithoutMetadata);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, context.CancellationToken);
        if (Interlocked.Decrement(ref FailNextWithUnavailable) >= 0) throw new RpcException(new Status(StatusCode.Unavailable, "injected: try again"));
    }

    public void EnterWrite()
    {
        if (RefuseWrites) throw new RpcException(new Status(StatusCode.PermissionDenied, "injected: this cache is read-only"));
    }

    /// A stored blob as the server would send it (corrupted or hidden when those faults are on).
    public byte[]? Read(Digest d)
    {
        if (HideBlobs || !Blobs.TryGetValue(d, out var bytes)) return d.SizeBytes == 0 ? [] : null;
        if (!CorruptReads || bytes.Length == 0) return bytes;
        var copy = (byte[])bytes.Clone();
        copy[0] ^= 0xff;
        return copy;
    }
}
