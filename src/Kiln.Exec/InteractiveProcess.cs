using System.Diagnostics;

namespace Kiln.Exec;

/// Runs a program the user asked for (`kiln run`): not an action, never cached, not sandboxed; stdin, stdout
/// and stderr are the caller's own, and the exit code is the program's.
public static class InteractiveProcess
{
    public static async Task<int> RunAsync(string program, IReadOnlyList<string> args, string workingDirectory, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = new Process { StartInfo = psi };
        try { process.Start(); }
        catch (System.ComponentModel.Win32Exception e) { throw ExecErrors.CannotStart("run " + program, program, e.Message); }
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // already exited
            throw;
        }
        return process.ExitCode;
    }
}
