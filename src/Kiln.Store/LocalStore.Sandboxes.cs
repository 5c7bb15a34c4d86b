namespace Kiln.Store;

/// Sandbox directories: claimed for this process before they exist, released when done, and swept by gc
/// when their process died without releasing them.
public sealed partial class LocalStore
{
    private const string OwnerSuffix = ".owner";

    /// A new sandbox directory path under SandboxRoot (not created), `prefix` then 32 hex digits. The file
    /// `NAME.owner` beside it names this process first, so gc never takes a live process's sandbox.
    public string NewSandbox(string prefix = "")
    {
        var dir = Path.Combine(_paths.Sandboxes, prefix + Guid.NewGuid().ToString("N"));
        File.WriteAllText(dir + OwnerSuffix, SandboxOwner.Current);
        return dir;
    }

    /// Deletes a sandbox and its owner file (best effort: gc sweeps what is left once this process is gone).
    public static void DeleteSandbox(string dir, bool keepTree = false)
    {
        if (!keepTree) TryDeleteTree(dir);
        TryDelete(dir + OwnerSuffix);
    }

    /// Removes the sandboxes whose owner process is gone, and those without an owner file (left by an older
    /// Kiln) not touched for an hour. Returns how many sandboxes were removed.
    private int SweepSandboxes(DateTime now)
    {
        if (!System.IO.Directory.Exists(_paths.Sandboxes)) return 0;
        var removed = 0;
        foreach (var dir in new DirectoryInfo(_paths.Sandboxes).EnumerateDirectories())
        {
            if (dir.LinkTarget is not null) continue;
            var owner = dir.FullName + OwnerSuffix;
            var text = TryReadText(owner);
            var abandoned = text is not null ? !SandboxOwner.IsAlive(text) : !File.Exists(owner) && now - dir.LastWriteTimeUtc > StaleTemp;
            if (!abandoned || !TryDeleteTree(dir.FullName)) continue;
            TryDelete(owner);
            removed++;
        }
        foreach (var owner in new DirectoryInfo(_paths.Sandboxes).EnumerateFiles("*" + OwnerSuffix))
        {
            if (System.IO.Directory.Exists(owner.FullName[..^OwnerSuffix.Length])) continue;
            if (TryReadText(owner.FullName) is { } text && !SandboxOwner.IsAlive(text)) TryDelete(owner.FullName);
        }
        return removed;
    }

    private static string? TryReadText(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static bool TryDeleteTree(string dir)
    {
        try
        {
            if (System.IO.Directory.Exists(dir)) System.IO.Directory.Delete(dir, recursive: true);
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
