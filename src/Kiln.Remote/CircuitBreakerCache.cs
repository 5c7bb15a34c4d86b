using Kiln.Core;
using Kiln.Store;
using ActionResult = Kiln.Store.Reapi.ActionResult;

namespace Kiln.Remote;

/// Makes a remote cache harmless: each call gets a deadline; the first failure of any kind (an error, a
/// timeout, garbage) is reported once as a Warning, and from then on the remote is skipped for the rest of
/// the run (lookups miss, uploads are dropped). Counts errors and bytes moved in RunStats.
public sealed class CircuitBreakerCache(IRemoteCache inner, string description, TimeSpan timeout, IBuildObserver observer, RunStats stats)
    : IRemoteCache
{
    private int _open;

    public bool IsOpen => Volatile.Read(ref _open) == 1;

    public Task<IReadOnlySet<Digest>> FindMissingAsync(IReadOnlyCollection<Digest> digests, CancellationToken ct) =>
        GuardAsync(c => inner.FindMissingAsync(digests, c), (IReadOnlySet<Digest>)new HashSet<Digest>(), "FindMissing", ct);

    public async Task<IReadOnlyDictionary<Digest, byte[]>> ReadBlobsAsync(IReadOnlyCollection<Digest> digests, CancellationToken ct)
    {
        var blobs = await GuardAsync(c => inner.ReadBlobsAsync(digests, c), (IReadOnlyDictionary<Digest, byte[]>)new Dictionary<Digest, byte[]>(), "read blobs", ct);
        stats.RemoteDownloaded(blobs.Values.Sum(b => (long)b.Length));
        return blobs;
    }

    public async Task WriteBlobsAsync(IReadOnlyDictionary<Digest, byte[]> blobs, CancellationToken ct)
    {
        if (await GuardAsync(async c => { await inner.WriteBlobsAsync(blobs, c); return true; }, false, "write blobs", ct))
            stats.RemoteUploaded(blobs.Values.Sum(b => (long)b.Length));
    }

    public Task<ActionResult?> GetActionResultAsync(ActionKey key, CancellationToken ct) =>
        GuardAsync(c => inner.GetActionResultAsync(key, c), null, "GetActionResult", ct);

    public Task UpdateActionResultAsync(ActionKey key, ActionResult result, CancellationToken ct) =>
        GuardAsync(async c => { await inner.UpdateActionResultAsync(key, result, c); return true; }, false, "UpdateActionResult", ct);

    private async Task<T> GuardAsync<T>(Func<CancellationToken, Task<T>> call, T fallback, string what, CancellationToken ct)
    {
        if (IsOpen) return fallback;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            return await call(deadline.Token);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            Trip($"{what} took longer than {timeout.TotalSeconds:0.###} s");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Trip($"{what}: {Reason(e)}");
        }
        return fallback;
    }

    private static string Reason(Exception e) => e switch
    {
        Grpc.Core.RpcException rpc => $"{rpc.StatusCode} {rpc.Status.Detail}",
        _ => e.Message,
    };

    private void Trip(string reason)
    {
        stats.RemoteError();
        if (Interlocked.Exchange(ref _open, 1) == 1) return;
        observer.On(new Warning($"remote cache {description} disabled for the rest of this run: {reason}; building locally"));
    }
}
