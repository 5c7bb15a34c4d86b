using System.Text;
using Kiln.Core;
using Kiln.Go.Build;

namespace Kiln.Go.Test;

/// What a test read outside its package, from the log its binary writes with -test.testlogfile, and how a
/// cached result is keyed on those files as go test keys it (cmd/go/internal/test, computeTestInputsID): the
/// `open` and `stat` lines naming a path inside the workspace count. A name is read as go reads it: relative to
/// the package's directory (or the last `chdir`), and a path in the sandbox stands for the workspace path the
/// sandbox mirrors (the package's files there, the rest of its module through the view, TestRunAction). Paths the
/// key covers (the package's own files and its testdata tree), Kiln's own files in the sandbox, paths outside
/// the workspace (go does not recheck those either) and `getenv` (the environment is declared) do not count.
/// A run is keyed on the reads its predecessor made, and a cached result whose log names a read the key did not
/// cover is a miss (UndeclaredReads): a file outside the package never makes a result stale.
internal static class TestReads
{
    /// The log, in Kiln's part of the sandbox: declared as an output, so a cached result carries it.
    public const string LogPath = TestRunAction.Own + "/testlog";

    /// The reads the key covers: one line per path with its state, a file the run sees in Kiln's part of the sandbox.
    public const string KeyedPath = TestRunAction.Own + "/test-reads";

    public const string MarkKind = "test-reads";

    private static readonly byte[] Magic = "# test log\n"u8.ToArray();

    /// Where a test ran: the workspace on the host, the package's workspace-relative directory, the store (its
    /// paths are never workspace files) and the directory holding the store's sandboxes (each `NAME/root`
    /// mirrors the workspace).
    public sealed record Scope(string Workspace, string PackageDir, string StoreRoot, string Sandboxes);

    /// The host paths a log names inside the workspace that the key does not cover, sorted and distinct; null
    /// when the log is malformed (go then does not cache the result either).
    public static IReadOnlyList<string>? Parse(ReadOnlySpan<byte> log, Scope scope)
    {
        if (log.StartsWith(Magic)) log = log[Magic.Length..];
        var packageDir = scope.PackageDir is "" or "." ? scope.Workspace : Path.Combine(scope.Workspace, scope.PackageDir);
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        string? pwd = packageDir;
        foreach (var line in Encoding.UTF8.GetString(log).Split('\n'))
        {
            if (line.Length == 0) continue;
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0) return null;
            var (op, name) = (line[..space], line[(space + 1)..]);
            switch (op)
            {
                case "getenv": break;
                case "chdir": pwd = HostPath(name, pwd, scope); break;
                case "open" or "stat":
                    if (HostPath(name, pwd, scope) is { } host && Inside(host, scope) && !Covered(host, packageDir)) paths.Add(host);
                    break;
                default: return null;
            }
        }
        return [.. paths];
    }

    /// The host path a name stands for: relative names against `pwd`, sandbox paths as the workspace paths
    /// they mirror; null for Kiln's own files in the sandbox and for relative names after a chdir nowhere known.
    private static string? HostPath(string name, string? pwd, Scope scope)
    {
        if (!Path.IsPathRooted(name) && pwd is null) return null;
        var full = Path.GetFullPath(Path.IsPathRooted(name) ? name : Path.Combine(pwd!, name));
        if (!UndeclaredReads.Under(full, scope.Sandboxes)) return full;
        var inside = full[scope.Sandboxes.TrimEnd('/').Length..].TrimStart('/').Split('/', 3); // NAME, root, REST
        if (inside.Length < 2 || inside[1] != "root") return null;
        var rest = inside.Length == 3 ? inside[2] : "";
        if (UndeclaredReads.Under(rest, TestRunAction.Own)) return null;
        return rest.Length == 0 ? scope.Workspace : Path.Combine(scope.Workspace, rest);
    }

    /// Whether the key covers a path: the package's directory itself, its files and its testdata tree.
    private static bool Covered(string host, string packageDir)
    {
        if (host == packageDir) return true;
        if (!UndeclaredReads.Under(host, packageDir)) return false;
        var rel = host[(packageDir.TrimEnd('/').Length + 1)..];
        return UndeclaredReads.Under(rel, "testdata") || (!rel.Contains('/') && !Directory.Exists(host));
    }

    private static bool Inside(string path, Scope scope) =>
        UndeclaredReads.Under(path, scope.Workspace) && !UndeclaredReads.Under(path, scope.StoreRoot);

    /// The store mark's key: the reads a package's test made, per workspace (two checkouts sharing a store keep
    /// their own), package and flags.
    public static Digest MarkKey(string workspace, string importPath, IEnumerable<string> args) =>
        UndeclaredReads.MarkKey(MarkKind, [workspace, importPath, .. args]);
}
