namespace Kiln.Exec;

/// How one process run in a sandbox session ended; stdout and stderr are kept in memory.
public sealed record ProcessOutcome(int ExitCode, bool TimedOut, byte[] Stdout, byte[] Stderr)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;
    public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout);
    public string StderrText => System.Text.Encoding.UTF8.GetString(Stderr);
}
