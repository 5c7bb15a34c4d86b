using System.Text;
using Kiln.Core;
using Kiln.Go.Build;

namespace Kiln.Go.Test;

/// What a test read outside its sandbox, from the log its binary writes with -test.testlogfile, and how a
/// cached result is keyed on those files as go test keys it (cmd/go/internal/test, computeTestInputsID): the
/// `open` and `stat` lines naming a path inside the workspace on the host count; paths in the sandbox (the
/// key covers them), outside the workspace (go does not recheck those either) and `getenv` (the environment
/// is declared) do not. A run is keyed on the reads its predecessor made, and a cached result whose log names a
/// read the key did not cover is a miss (UndeclaredReads): a file outside the package never makes a result stale.
internal static class TestReads
{
    /// The log, at the sandbox root: declared as an output, so a cached result carries it.
    public const string LogPath = ".kiln-testlog";

    /// The reads the key covers: one line per path with its state, a file the run sees at the sandbox root.
    public const string KeyedPath = ".kiln-test-reads";

    public const string MarkKind = "test-reads";

    private static readonly byte[] Magic = "# test log\n"u8.ToArray();

    /// The host paths a log names inside `workspace`, outside `storeRoot`, sorted and distinct; null when the
    /// log is malformed (go then does not cache the result either).
    public static IReadOnlyList<string>? Parse(ReadOnlySpan<byte> log, string workspace, string storeRoot)
    {
        if (log.StartsWith(Magic)) log = log[Magic.Length..];
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        string? pwd = null; // the sandbox: relative names there are covered by the key
        foreach (var line in Encoding.UTF8.GetString(log).Split('\n'))
        {
            if (line.Length == 0) continue;
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0) return null;
            var (op, name) = (line[..space], line[(space + 1)..]);
            switch (op)
            {
                case "getenv": break;
                case "chdir": pwd = Inside(name, workspace, storeRoot) ? name : null; break;
                case "open" or "stat":
                    var full = Path.IsPathRooted(name) ? name : pwd is null ? null : Path.Combine(pwd, name);
                    if (full is not null && Path.GetFullPath(full) is var clean && Inside(clean, workspace, storeRoot)) paths.Add(clean);
                    break;
                default: return null;
            }
        }
        return [.. paths];
    }

    private static bool Inside(string path, string workspace, string storeRoot) =>
        UndeclaredReads.Under(path, workspace) && !UndeclaredReads.Under(path, storeRoot);

    /// The store mark's key: the reads a package's test made, per workspace (two checkouts sharing a store keep
    /// their own), package and flags.
    public static Digest MarkKey(string workspace, string importPath, IEnumerable<string> args) =>
        UndeclaredReads.MarkKey(MarkKind, [workspace, importPath, .. args]);
}
