namespace Kiln.Cli;

/// Writes a file the way a reader (or a concurrent Kiln writing the same path) only ever sees whole: into a
/// temp file of this process's own in the same directory, then renamed over the destination.
internal static class AtomicFile
{
    public static void Write(string dest, ReadOnlySpan<byte> bytes, UnixFileMode mode)
    {
        // pid + random: concurrent builds of one workspace never share a temp name; the last rename wins, whole.
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dest))!, $".{Path.GetFileName(dest)}.{Environment.ProcessId}.{Guid.NewGuid():N}.kiln-tmp");
        try
        {
            using (var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                f.Write(bytes);
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
