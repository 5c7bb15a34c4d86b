using System.Globalization;

namespace Kiln.Store;

/// Which process a sandbox directory belongs to: its pid and its start time (field 22 of /proc/PID/stat,
/// so a reused pid is not mistaken for the owner). Written as `PID START` to `NAME.owner` beside the
/// sandbox, so `kiln gc` can sweep the sandboxes of processes that died without cleaning up (kill -9).
internal static class SandboxOwner
{
    /// This process, as an owner file holds it.
    public static string Current { get; } = Describe(Environment.ProcessId) ?? Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// `PID START` of a running process, or null when there is none with that pid.
    public static string? Describe(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // `pid (comm) state ppid ...`: comm may hold spaces and parentheses, so fields are counted after the last `)`
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 19 ? $"{pid} {fields[19]}" : null;
    }

    /// Whether the process an owner file names is still running (the same process: pid and start time).
    /// An owner text that cannot be parsed counts as alive: gc only removes what is certainly abandoned.
    public static bool IsAlive(string owner)
    {
        var parts = owner.Trim().Split(' ');
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0) return true;
        return Describe(pid) is { } now && (parts.Length < 2 || now == owner.Trim());
    }
}
