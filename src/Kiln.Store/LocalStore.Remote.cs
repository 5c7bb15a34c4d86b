using Google.Protobuf;
using Kiln.Core;
using Kiln.Store.Reapi;

namespace Kiln.Store;

/// The remote cache behind the local one. A local miss asks the remote; a remote hit is pulled in whole
/// (every blob it references, verified, plus a local action-cache entry) before it is reported, so
/// whatever consumes a hit finds everything locally. After a local PutActionResultAsync, when uploads are
/// on, the remote gets the missing blobs (FindMissing first) and then the ActionResult.
public sealed partial class LocalStore
{
    /// The remote cache, or null for none. Callers hand in one wrapped in Kiln.Remote's circuit breaker.
    public IRemoteCache? Remote { get; init; }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<ActionKey, bool> _rejectedRemoteEntries = new();

    /// Whether results stored here are also written to the remote (only trusted writers, e.g. CI).
    public bool UploadToRemote { get; init; }

    /// The local action cache, then the remote one.
    public Task<CacheLookup> GetActionResultAsync(ActionKey key, CancellationToken ct) => GetActionResultAsync(key, accept: null, ct);

    /// The local action cache, then the remote one; `accept` is the caller's own check of an entry (null
    /// when it is sound, else why not), applied to both. A local entry it refuses is evicted; a remote entry
    /// that is unsafe or refused is a miss and one Warning naming the key, so an operator learns the remote
    /// cache is poisoned (an entry whose blobs the remote merely lacks is a quiet miss).
    public async Task<CacheLookup> GetActionResultAsync(ActionKey key, Func<ActionResult, string?>? accept, CancellationToken ct)
    {
        var local = GetActionResult(key);
        if (local is CacheHit localHit && accept?.Invoke(localHit.Result) is { } refused)
            local = EvictEntry(_paths.ActionEntry(key), $"the cached result is unusable: {refused}");
        if (local is CacheHit || Remote is null) return local;
        var result = await Remote.GetActionResultAsync(key, ct);
        if (result is null)
        {
            Stats.RemoteMiss();
            return local;
        }
        var problem = await PullReferencedBlobsAsync(result, ct);
        if (problem is null && accept?.Invoke(result) is { } rejected) problem = new RemoteEntryProblem(rejected, Poisoned: true);
        if (problem is not null)
        {
            Stats.RemoteMiss();
            if (problem.Poisoned && _rejectedRemoteEntries.TryAdd(key, true))
            {
                _observer.On(new Warning($"rejected the remote cache's entry for action {key.Digest.Hash}: {problem.Reason}; " +
                    "ignoring it (the remote cache may be poisoned)"));
            }
            return new CacheMiss($"the remote cache's result is unusable: {problem.Reason}");
        }
        PutActionResult(key, result);
        Stats.RemoteHit();
        return new CacheHit(result, FromRemote: true);
    }

    /// Stores a result locally and, when uploads are on, in the remote cache with every blob it references
    /// (and the Action and Command, when the store holds them, so REAPI servers can inspect the entry).
    public Task PutActionResultAsync(ActionKey key, ActionResult result, CancellationToken ct) => PutActionResultAsync(key, result, blobsJustStored: false, ct);

    /// <see cref="PutActionResultAsync(ActionKey, ActionResult, CancellationToken)"/>; `blobsJustStored`: every blob
    /// the result names was put by this process a moment ago (a tree it has just snapshotted), so the first lookup
    /// need not check them all again.
    public async Task PutActionResultAsync(ActionKey key, ActionResult result, bool blobsJustStored, CancellationToken ct)
    {
        PutActionResult(key, result, blobsJustStored);
        if (Remote is null || !UploadToRemote) return;
        var referenced = ReferencedBlobs(key, result);
        var missing = await Remote.FindMissingAsync(referenced, ct);
        var payload = new Dictionary<Core.Digest, byte[]>();
        foreach (var digest in missing)
        {
            if (TryReadBytes(digest) is { } bytes) payload[digest] = bytes;
        }
        if (payload.Count > 0) await Remote.WriteBlobsAsync(payload, ct);
        await Remote.UpdateActionResultAsync(key, result, ct);
    }

    private HashSet<Core.Digest> ReferencedBlobs(ActionKey key, ActionResult result)
    {
        var blobs = new HashSet<Core.Digest>();
        void Add(Core.Digest d)
        {
            if (d.SizeBytes > 0) blobs.Add(d);
        }
        if (TryReadBytes(key.Digest) is { } actionBytes)
        {
            Add(key.Digest);
            try { Add(FromProto(Reapi.Action.Parser.ParseFrom(actionBytes).CommandDigest)); }
            catch (InvalidProtocolBufferException) { } // a key that is not an Action (module entries): nothing more
        }
        foreach (var f in result.OutputFiles) Add(FromProto(f.Digest));
        if (result.StdoutDigest is { } so) Add(FromProto(so));
        if (result.StderrDigest is { } se) Add(FromProto(se));
        foreach (var d in result.OutputDirectories)
        {
            var treeDigest = FromProto(d.TreeDigest);
            Add(treeDigest);
            if (TryReadBytes(treeDigest) is not { } treeBytes) continue;
            var tree = Tree.Parser.ParseFrom(treeBytes);
            foreach (var dir in tree.Children.Prepend(tree.Root))
            {
                foreach (var f in dir.Files) Add(FromProto(f.Digest));
            }
        }
        blobs.RemoveWhere(d => !Contains(d));
        return blobs;
    }

    /// Why a remote entry cannot be used; Poisoned: it is unsafe or malformed (not merely incomplete).
    private sealed record RemoteEntryProblem(string Reason, bool Poisoned);

    /// Fetches every blob a remote ActionResult references into the local store, verified; null on
    /// success, else why the result cannot be used (a missing blob, an unsafe tree, ...).
    private async Task<RemoteEntryProblem?> PullReferencedBlobsAsync(ActionResult result, CancellationToken ct)
    {
        static RemoteEntryProblem Poisoned(string why) => new(why, Poisoned: true);
        foreach (var f in result.OutputFiles)
        {
            if (!RemoteTreeCheck.IsSafeRelativePath(f.Path)) return Poisoned($"output file path {f.Path} is unsafe");
            if (!f.Contents.IsEmpty && f.Digest is { } d && Core.Digest.Of(f.Contents.Span) == FromProto(d)) PutBytes(f.Contents.Span);
        }
        foreach (var d in result.OutputDirectories)
        {
            if (!RemoteTreeCheck.IsSafeRelativePath(d.Path)) return Poisoned($"output directory path {d.Path} is unsafe");
        }
        if (result.OutputSymlinks.Count + result.OutputFileSymlinks.Count + result.OutputDirectorySymlinks.Count > 0)
            return Poisoned("output symlinks are not supported");

        var first = new List<Core.Digest>();
        first.AddRange(result.OutputFiles.Select(f => FromProto(f.Digest)));
        if (result.StdoutDigest is { } so) first.Add(FromProto(so));
        if (result.StderrDigest is { } se) first.Add(FromProto(se));
        first.AddRange(result.OutputDirectories.Select(d => FromProto(d.TreeDigest)));
        if (await PullAsync(first, ct) is { } missing) return missing;

        var files = new List<Core.Digest>();
        foreach (var d in result.OutputDirectories)
        {
            var treeBytes = TryReadBytes(FromProto(d.TreeDigest));
            if (treeBytes is null) return new($"output directory {d.Path}: tree is missing", Poisoned: false);
            Tree tree;
            try { tree = Tree.Parser.ParseFrom(treeBytes); }
            catch (InvalidProtocolBufferException) { return Poisoned($"output directory {d.Path}: tree does not parse"); }
            if (RemoteTreeCheck.FirstProblem(tree) is { } unsafeEntry) return Poisoned($"output directory {d.Path}: {unsafeEntry}");
            var root = PutDirectory(tree.Root);
            foreach (var child in tree.Children) PutDirectory(child);
            if (d.RootDirectoryDigest is null) d.RootDirectoryDigest = ToProto(root);
            else if (FromProto(d.RootDirectoryDigest) != root) return Poisoned($"output directory {d.Path}: root digest does not match its tree");
            foreach (var dir in tree.Children.Prepend(tree.Root)) files.AddRange(dir.Files.Select(f => FromProto(f.Digest)));
        }
        if (await PullAsync(files, ct) is { } missingFile) return missingFile;
        return FirstMissingBlob(result) is { } stillMissing ? new($"{stillMissing} is missing", Poisoned: false) : null;
    }

    private async Task<RemoteEntryProblem?> PullAsync(IEnumerable<Core.Digest> digests, CancellationToken ct)
    {
        var wanted = digests.Where(d => d.SizeBytes > 0 && !Contains(d)).ToHashSet();
        if (wanted.Count == 0) return null;
        var blobs = await Remote!.ReadBlobsAsync(wanted, ct);
        foreach (var digest in wanted)
        {
            if (!blobs.TryGetValue(digest, out var bytes)) return new($"blob {digest} is not in the remote cache", Poisoned: false);
            if (PutBytes(bytes) != digest) return new($"blob {digest} does not match its digest", Poisoned: true);
        }
        return null;
    }
}
