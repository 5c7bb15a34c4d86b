using Kiln.Core;
using ActionResult = Kiln.Store.Reapi.ActionResult;

namespace Kiln.Store;

/// A remote cache as the store sees it: a CAS and an action cache on another machine (REAPI gRPC or the
/// Bazel HTTP cache protocol; implementations live in Kiln.Remote). Every blob returned has been checked
/// against its digest. Implementations may throw on any failure; the store is always handed one wrapped
/// in Kiln.Remote's circuit breaker, which turns failures into misses and one warning.
public interface IRemoteCache
{
    /// The digests the remote does not hold (the empty blob is never missing).
    Task<IReadOnlySet<Digest>> FindMissingAsync(IReadOnlyCollection<Digest> digests, CancellationToken ct);

    /// The blobs the remote holds, each verified against its digest; absent ones are left out.
    Task<IReadOnlyDictionary<Digest, byte[]>> ReadBlobsAsync(IReadOnlyCollection<Digest> digests, CancellationToken ct);

    /// Uploads blobs whose digests the caller has computed.
    Task WriteBlobsAsync(IReadOnlyDictionary<Digest, byte[]> blobs, CancellationToken ct);

    /// The remote action cache's entry for an action, or null on a miss.
    Task<ActionResult?> GetActionResultAsync(ActionKey key, CancellationToken ct);

    Task UpdateActionResultAsync(ActionKey key, ActionResult result, CancellationToken ct);
}
