using System.Text;
using Kiln.Core;
using Kiln.Store;

namespace Kiln.Go.Build;

/// Files an action reads outside its declared inputs (a test opening a workspace file, gcc including a header
/// by absolute path), and how its cached result is kept from going stale on them: the action is keyed on the
/// reads its previous run made (a store mark, per `kind` and the action's identity), as a file in its input root
/// naming each path's state (Describe); a cached result whose own record of reads names a path its key did not
/// cover is a miss (ReadsCheck). The engine stamps the predicted paths, so a changed one re-runs the rule. A run
/// that read new paths, none changed since it started (Settled), is cached under their key too, so the next run,
/// keyed on them, reuses it.
internal static class UndeclaredReads
{
    /// The state of each path now, as the key file holds it: `file DIGEST`, `dir DIGEST` (its listing) or `missing`.
    public static string Describe(IReadOnlyList<string> paths)
    {
        var sb = new StringBuilder();
        foreach (var path in paths) sb.Append(path).Append(' ').Append(State(path)).Append('\n');
        return sb.ToString();
    }

    private static string State(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                var names = Directory.EnumerateFileSystemEntries(path).Select(Path.GetFileName).Order(StringComparer.Ordinal);
                return "dir " + Digest.Of(Encoding.UTF8.GetBytes(string.Join('\n', names))).Hash;
            }
            if (!File.Exists(path)) return "missing";
            using var stream = File.OpenRead(path);
            return "file " + Digest.OfStream(stream).Hash;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }

    /// The mark key of an action's reads: its kind, then the parts that identify it across runs.
    public static Digest MarkKey(string kind, params IEnumerable<string> parts) =>
        Digest.Of(Encoding.UTF8.GetBytes(kind + "\n" + string.Join('\n', parts)));

    /// The reads the action's last run in this store made (none when it has no mark).
    public static IReadOnlyList<string> Recall(LocalStore store, string kind, Digest key) =>
        store.TryReadMark(kind, key) is { } mark ? Encoding.UTF8.GetString(mark).Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];

    /// Marks what a run read, when it differs from what its key covered, for the next run's key.
    public static void Remember(LocalStore store, string kind, Digest key, IReadOnlyList<string> keyed, IReadOnlyList<string> read)
    {
        if (!read.SequenceEqual(keyed, StringComparer.Ordinal)) store.PutMark(kind, key, Encoding.UTF8.GetBytes(string.Join('\n', read)));
    }

    /// The filesystem's clock now: the change time of a file written in the store's tmp/ (null when it cannot be told).
    /// Taken before an action runs, it tells which of its reads cannot have changed while it ran (Settled).
    public static long? FileClockNs(LocalStore store)
    {
        var path = store.NewTempFile();
        try
        {
            File.WriteAllBytes(path, []);
            return FileStamp.Of(path)?.CtimeNs;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        finally { File.Delete(path); }
    }

    /// Whether every path exists and last changed before `clockNs` (FileClockNs before the action ran): then what
    /// Describe says of them now is what the action read, and its result may be cached under the key they make.
    public static bool Settled(IReadOnlyList<string> paths, long? clockNs) =>
        clockNs is { } clock && paths.All(p => FileStamp.Of(p) is { } s && s.CtimeNs < clock && s.MtimeNs < clock);

    /// Whether `path` is `root` or lies under it.
    public static bool Under(string path, string root) =>
        path == root || path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);
}
