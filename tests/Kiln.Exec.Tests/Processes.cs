namespace Kiln.Exec.Tests;

/// Finds host processes by a marker in their command line, and waits for them to go away.
internal static class Processes
{
    public static async Task<IReadOnlyList<int>> WaitForAsync(string marker, int count, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var found = Find(marker);
            if (found.Count >= count) return found;
            Assert.True(DateTimeOffset.UtcNow < deadline, $"expected {count} processes with '{marker}', found {found.Count}");
            await Task.Delay(20, ct);
        }
    }

    /// Waits a few seconds for every pid to be gone (a zombie awaiting its reaper counts as gone: it no
    /// longer runs).
    public static async Task AssertGoneAsync(IEnumerable<int> pids, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5);
        List<int> alive;
        while ((alive = pids.Where(IsRunning).ToList()).Count > 0 && DateTimeOffset.UtcNow < deadline)
            await Task.Delay(50, ct);
        Assert.True(alive.Count == 0, $"still running: {string.Join(", ", alive)}");
    }

    private static List<int> Find(string marker)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (cmdline is ["sleep", var arg, ..] && arg == marker) pids.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return pids;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state != 'Z';
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
