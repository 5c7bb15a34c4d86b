using Kiln.Core;

namespace Kiln.Store;

/// Marks: local-only facts this store has verified about content it holds ("this tree hashes to that
/// go.sum line"), so a check that depends only on content runs once per store instead of once per run.
/// A mark is a small file named by a key (empty, or holding what was learnt, such as a tool's self-description);
/// it is never uploaded to a remote cache, so a remote cannot vouch for anything. Marks claim nothing about
/// presence (callers still look the content up, which stats it), except the action cache's presence marks,
/// which name the store's gc generation and so lapse with any eviction.
public sealed partial class LocalStore
{
    public bool HasMark(string kind, Digest key) => File.Exists(_paths.Mark(kind, key));

    /// The mark's content, or null when there is none (or it cannot be read).
    public byte[]? TryReadMark(string kind, Digest key)
    {
        try { return File.ReadAllBytes(_paths.Mark(kind, key)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    public void PutMark(string kind, Digest key) => PutMark(kind, key, []);

    /// Writes the mark atomically: a reader sees no mark or all of it.
    public void PutMark(string kind, Digest key, ReadOnlySpan<byte> content)
    {
        WriteWhole(_paths.Mark(kind, key), content);
    }
}
