using System.Diagnostics;

namespace Kiln.E2E.Tests;

/// Runs a program the way the build tests compare a Kiln-built binary with a go-built one.
internal static class ProgramOutput
{
    /// `exit N`, a newline, then stdout and stderr; the program's own path (os.Args[0] in usage messages) is
    /// replaced by PROG, and the test host's GODEBUG is not passed on. A program still running after 20 s fails
    /// the test.
    public static async Task<string> RunAsync(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment.Remove("GODEBUG");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        await p.WaitForExitAsync(timeout.Token);
        return $"exit {p.ExitCode}\n{await stdout}{await stderr}".Replace(program, "PROG", StringComparison.Ordinal);
    }
}
