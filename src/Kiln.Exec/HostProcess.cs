using System.Diagnostics;

namespace Kiln.Exec;

/// Runs a program in a directory of the host, not an action: never cached, not sandboxed (go test -fuzz, which
/// writes new failing inputs into the package's testdata). stdout and stderr are merged into one stream, as go
/// test shows a test's output, handed to `live` as it is written and returned whole with the exit code.
public static class HostProcess
{
    public static async Task<(int ExitCode, byte[] Output)> RunAsync(string program, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env,
        string workingDirectory, Action<ReadOnlyMemory<byte>>? live, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("/bin/sh") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in (string[])["-c", "exec \"$0\" \"$@\" 2>&1", program, .. args]) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var process = new Process { StartInfo = psi };
        try { process.Start(); }
        catch (System.ComponentModel.Win32Exception e) { throw ExecErrors.CannotStart("run " + program, program, e.Message); }
        var output = new MemoryStream();
        try
        {
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = await process.StandardOutput.BaseStream.ReadAsync(buffer, ct)) > 0)
            {
                output.Write(buffer, 0, n);
                live?.Invoke(buffer.AsMemory(0, n));
            }
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // already exited
            throw;
        }
        return (process.ExitCode, output.ToArray());
    }
}
