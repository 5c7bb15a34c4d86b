namespace Kiln.E2E.Tests;

/// The real go command, the oracle: runs with the corpus proxy, no sum database, local toolchain, and caches
/// under the given scratch directory unless overridden.
internal static class GoTool
{
    public static async Task<string> RunAsync(string workDir, string scratch, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var (exitCode, stdout, stderr) = await TryRunAsync(workDir, scratch, env, args);
        Assert.True(exitCode == 0, $"go {string.Join(' ', args)}: {stderr}");
        return stdout;
    }

    /// Runs go and returns its exit code and output, whatever the exit code (e.g. `go test` with failing tests).
    public static Task<(int ExitCode, string Stdout, string Stderr)> TryRunAsync(string workDir, string scratch,
        IReadOnlyDictionary<string, string>? env, params string[] args) =>
        ChildProcess.TryRunAsync(workDir, Variables(scratch, env), Path.Combine(Corpus.GoBin, "go"), args);

    /// The same, with each line of go's stdout given to `onLine` as it is written.
    public static Task<(int ExitCode, string Stdout, string Stderr)> WatchAsync(string workDir, string scratch, Action<string> onLine, params string[] args) =>
        ChildProcess.TryRunAsync(new System.Diagnostics.ProcessStartInfo(Path.Combine(Corpus.GoBin, "go"), args) { WorkingDirectory = workDir },
            Variables(scratch, null), onLine);

    private static Dictionary<string, string> Variables(string scratch, IReadOnlyDictionary<string, string>? env)
    {
        var vars = new Dictionary<string, string>
        {
            ["GOPROXY"] = "file://" + Corpus.ProxyDir,
            ["GOSUMDB"] = "off",
            ["GOFLAGS"] = "-mod=readonly",
            ["GOTOOLCHAIN"] = "local",
            ["GOWORK"] = "off",
            ["GOENV"] = "off",
            ["GOMODCACHE"] = Path.Combine(scratch, "modcache"),
            ["GOCACHE"] = SharedGoCache.Dir,
        };
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) vars[k] = v;
        return vars;
    }

    /// The go command leaves its module cache read-only; make it deletable.
    public static void MakeDeletable(string scratch)
    {
        var modcache = Path.Combine(scratch, "modcache");
        if (!Directory.Exists(modcache)) return;
        foreach (var d in Directory.EnumerateDirectories(modcache, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(d, (UnixFileMode)0b111_101_101);
    }
}
