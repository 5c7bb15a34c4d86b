namespace Kiln.Cli;

/// Writes a file the way a reader (or a concurrent Kiln writing the same path) only ever sees whole: into a
/// temp file of this process's own in the same directory, then renamed over the destination.
internal static class AtomicFile
{
    public static void Write(string dest, byte[] bytes, UnixFileMode mode) => Replace(dest, mode, temp =>
    {
        using var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        f.Write(bytes);
    });

    /// A copy of `source` (the kernel copies: no pass through this process), written as <see cref="Write"/> does.
    public static void Copy(string source, string dest, UnixFileMode mode) => Replace(dest, mode, temp => File.Copy(source, temp));

    private static void Replace(string dest, UnixFileMode mode, Action<string> fill)
    {
        // pid + random: concurrent builds of one workspace never share a temp name; the last rename wins, whole.
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dest))!, $".{Path.GetFileName(dest)}.{Environment.ProcessId}.{Guid.NewGuid():N}.kiln-tmp");
        try
        {
            fill(temp);
            File.SetUnixFileMode(temp, mode);
            File.Move(temp, dest, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
