using Google.Protobuf;
using Kiln.Core;
using Kiln.Store.Reapi;

namespace Kiln.Store;

/// The action cache: action digest → ActionResult. An entry is one line naming the digest of the
/// ActionResult blob, so the result itself is verified like any blob.
public sealed partial class LocalStore
{
    public void PutActionResult(ActionKey key, ActionResult result) => PutActionResult(key, result, blobsJustStored: false);

    /// `blobsJustStored`: every blob the result names was put by this process a moment ago (a tree it has just
    /// snapshotted), so the presence check the first lookup would make is recorded as made.
    private void PutActionResult(ActionKey key, ActionResult result, bool blobsJustStored)
    {
        var blob = PutBytes(result.ToByteArray());
        WriteWhole(_paths.ActionEntry(key), System.Text.Encoding.UTF8.GetBytes(blob.ToString() + "\n"));
        if (blobsJustStored && result.OutputDirectories.Count > 0) PutMark(PresentMark, PresenceMark(blob));
    }

    /// Deletes an action-cache entry (its blobs stay until gc).
    public void RemoveActionResult(ActionKey key)
    {
        try { File.Delete(_paths.ActionEntry(key)); }
        catch (IOException) { }
    }

    public CacheLookup GetActionResult(ActionKey key)
    {
        var path = _paths.ActionEntry(key);
        string text;
        try { text = File.ReadAllText(path).Trim(); }
        catch (FileNotFoundException) { return new CacheMiss("no action cache entry"); }
        catch (DirectoryNotFoundException) { return new CacheMiss("no action cache entry"); }
        if (!Core.Digest.TryParse(text, out var resultDigest))
            return EvictEntry(path, "action cache entry is unreadable");
        var bytes = TryReadBytes(resultDigest);
        if (bytes is null) return EvictEntry(path, "the cached ActionResult is missing or corrupt");
        ActionResult result;
        try { result = ActionResult.Parser.ParseFrom(bytes); }
        catch (InvalidProtocolBufferException) { return EvictEntry(path, "the cached ActionResult does not parse"); }
        // An output directory (a module's tree) holds thousands of blobs: checked once per gc generation and
        // touch interval, not on every hit.
        var presence = result.OutputDirectories.Count > 0 ? PresenceMark(resultDigest) : (Core.Digest?)null;
        if (presence is not { } known || !TrustPresenceMarks || !HasMark(PresentMark, known))
        {
            var missing = FirstMissingBlob(result);
            if (missing is not null) return new CacheMiss($"the cached result references a missing blob: {missing}");
            if (presence is { } verified) PutMark(PresentMark, verified);
        }
        Touch(path);
        return new CacheHit(result);
    }

    private const string PresentMark = "result-present";

    /// Off: every hit with an output directory checks all its blobs (`kiln mod download`, which also finds a
    /// stored module file edited in place behind the store's back).
    public bool TrustPresenceMarks { get; set; } = true;

    /// Names "every blob of this ActionResult was present": valid while nothing is evicted (every eviction and
    /// gc bumps the generation), and renewed each touch interval so the check refreshes the blobs' access times.
    private Core.Digest PresenceMark(Core.Digest resultDigest) => Core.Digest.Of(System.Text.Encoding.UTF8.GetBytes(
        $"{resultDigest}\n{GcGeneration}\n{_time.GetUtcNow().Ticks / TouchInterval.Ticks}"));

    /// The first blob an ActionResult needs that the store lacks (or holds corrupt), or null.
    internal string? FirstMissingBlob(ActionResult result)
    {
        foreach (var f in result.OutputFiles)
        {
            if (!HasSound(FromProto(f.Digest), f.IsExecutable)) return $"output {f.Path} ({FromProto(f.Digest)})";
        }
        if (result.StdoutDigest is { } so && !HasSound(FromProto(so), false)) return "stdout";
        if (result.StderrDigest is { } se && !HasSound(FromProto(se), false)) return "stderr";
        foreach (var d in result.OutputDirectories)
        {
            var treeBytes = TryReadBytes(FromProto(d.TreeDigest));
            if (treeBytes is null) return $"output directory {d.Path} (tree)";
            Tree tree;
            try { tree = Tree.Parser.ParseFrom(treeBytes); }
            catch (InvalidProtocolBufferException) { return $"output directory {d.Path} (tree does not parse)"; }
            if (d.RootDirectoryDigest is { } root && !Contains(FromProto(root))) return $"output directory {d.Path} (root)";
            foreach (var dir in tree.Children.Prepend(tree.Root))
            {
                if (!Contains(Core.Digest.Of(dir.ToByteArray()))) return $"output directory {d.Path} (subdirectory)";
                foreach (var f in dir.Files)
                {
                    if (!HasSound(FromProto(f.Digest), f.IsExecutable)) return $"output directory {d.Path}/{f.Name}";
                }
            }
        }
        return null;
    }

    private bool HasSound(Core.Digest digest, bool executable) =>
        digest.SizeBytes == 0 || IsSound(digest, BlobMode.Plain) || (executable && IsSound(digest, BlobMode.Executable));

    private CacheMiss EvictEntry(string path, string reason)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        BumpGcGeneration();
        Stats.CorruptEvicted();
        _observer.On(new StoreEntryEvicted($"evicted action cache entry {Path.GetFileName(path)}: {reason}", default, reason));
        return new CacheMiss(reason);
    }
}
