namespace Kiln.Cli;

/// Writes a file the way a reader (or a concurrent Kiln writing the same path) only ever sees whole: into a
/// temp file of this process's own in the same directory, then renamed over the destination.
internal static class AtomicFile
{
    public static void Write(string dest, ReadOnlySpan<byte> bytes, UnixFileMode mode)
    {
        var temp = TempFor(dest);
        try
        {
            using (var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                f.Write(bytes);
            Commit(temp, dest, mode);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// A copy of `source` (the kernel copies: no pass through this process), written as <see cref="Write"/> does.
    public static void Copy(string source, string dest, UnixFileMode mode)
    {
        var temp = TempFor(dest);
        try
        {
            File.Copy(source, temp);
            Commit(temp, dest, mode);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    // pid + random: concurrent builds of one workspace never share a temp name; the last rename wins, whole.
    private static string TempFor(string dest) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dest))!, $".{Path.GetFileName(dest)}.{Environment.ProcessId}.{Guid.NewGuid():N}.kiln-tmp");

    private static void Commit(string temp, string dest, UnixFileMode mode)
    {
        File.SetUnixFileMode(temp, mode);
        File.Move(temp, dest, overwrite: true);
    }
}
