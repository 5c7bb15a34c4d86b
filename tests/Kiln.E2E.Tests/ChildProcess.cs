using System.Diagnostics;

namespace Kiln.E2E.Tests;

/// A tool the tests run as a child process (go, gopackages, gopls), with exactly the environment given on top of
/// the test's own.
internal static class ChildProcess
{
    public static async Task<string> RunAsync(string workDir, IReadOnlyDictionary<string, string> env, string exe, params string[] args)
    {
        var (exitCode, stdout, stderr) = await TryRunAsync(workDir, env, exe, args);
        Assert.True(exitCode == 0, $"{exe} {string.Join(' ', args)} (exit {exitCode}): {stderr}");
        return stdout;
    }

    /// Its exit code and output, whatever the exit code.
    public static Task<(int ExitCode, string Stdout, string Stderr)> TryRunAsync(string workDir,
        IReadOnlyDictionary<string, string> env, string exe, params string[] args) =>
        TryRunAsync(new ProcessStartInfo(exe, args) { WorkingDirectory = workDir }, env, onLine: null);

    /// Runs `psi` with `env` on top; `onLine` gets each line of its stdout as it is written (null: read at the end).
    public static async Task<(int ExitCode, string Stdout, string Stderr)> TryRunAsync(ProcessStartInfo psi,
        IReadOnlyDictionary<string, string> env, Action<string>? onLine)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = onLine is null ? p.StandardOutput.ReadToEndAsync() : ReadLinesAsync(p.StandardOutput, onLine);
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout, await stderr);
    }

    private static async Task<string> ReadLinesAsync(StreamReader reader, Action<string> onLine)
    {
        var all = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            onLine(line);
            all.Append(line).Append('\n');
        }
        return all.ToString();
    }
}
