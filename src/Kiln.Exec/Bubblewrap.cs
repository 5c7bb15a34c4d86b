namespace Kiln.Exec;

/// Wraps an argv so it runs under bubblewrap in fresh namespaces: no network, its own pids, and a file
/// system holding only the sandbox (mounted at the same path) and the declared read-only tool directories.
internal static class Bubblewrap
{
    public static string? Find(IEnumerable<string> searchPath) =>
        searchPath.Select(dir => Path.Combine(dir, "bwrap")).FirstOrDefault(File.Exists);

    public static IReadOnlyList<string> Wrap(string bwrap, string sandboxDir, string workDir, IEnumerable<string> toolDirs, IReadOnlyList<string> argv)
    {
        // No --die-with-parent: its PR_SET_PDEATHSIG fires when the *thread* that forked bwrap exits, and
        // .NET starts processes from whichever pool thread ran the caller, which may retire mid-action.
        // Timeouts and cancellation kill the tree explicitly, as in Directory mode.
        var args = new List<string>
        {
            bwrap, "--unshare-all", "--new-session",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
        };
        foreach (var dir in toolDirs.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var info = new DirectoryInfo(dir);
            if (info.LinkTarget is { } target) args.AddRange(["--symlink", target, dir]);
            else args.AddRange(["--ro-bind", dir, dir]);
        }
        args.AddRange(["--bind", sandboxDir, sandboxDir, "--chdir", workDir, "--"]);
        args.AddRange(argv);
        return args;
    }
}
