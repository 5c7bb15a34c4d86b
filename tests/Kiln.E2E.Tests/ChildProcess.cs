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
    public static async Task<(int ExitCode, string Stdout, string Stderr)> TryRunAsync(string workDir,
        IReadOnlyDictionary<string, string> env, string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe, args) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout, await stderr);
    }
}
