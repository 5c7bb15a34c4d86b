namespace Kiln.Store;

/// What a file's metadata says about its content without reading it: size, modification and change times in
/// nanoseconds, inode and mode (git's index stamp). Equal stamps mean unchanged content unless the file was
/// written within the clock's granularity of the stamp being taken (see <see cref="IsRacy"/>).
public readonly record struct FileStamp(long Size, long MtimeNs, long CtimeNs, long Inode, int Mode)
{
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;

    public bool IsDirectory => (Mode & 0xF000) == 0x4000;
    public bool IsRegular => (Mode & 0xF000) == 0x8000;
    public bool IsSymlink => (Mode & 0xF000) == 0xA000;
    public bool IsExecutable => (Mode & 0x40) != 0;

    /// The stamp of `path` (following symlinks unless `noFollow`), or null when it does not exist or cannot be read.
    public static FileStamp? Of(string path, bool noFollow = false)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (Native.Statx(path, noFollow ? AtSymlinkNoFollow : 0, StatxBasicStats, buffer) != 0) return null;
        var mode = BitConverter.ToUInt16(buffer[28..]);
        var inode = BitConverter.ToInt64(buffer[32..]);
        var size = BitConverter.ToInt64(buffer[40..]);
        return new FileStamp(size, Nanos(buffer[112..]), Nanos(buffer[96..]), inode, mode);
    }

    /// True when the file changed so close to `takenAt` that a later change could leave the stamp equal: such
    /// a stamp must not be trusted to skip hashing next time (git's "racy index" rule).
    public bool IsRacy(DateTimeOffset takenAt, TimeSpan granularity)
    {
        var taken = (takenAt.ToUnixTimeMilliseconds() - (long)granularity.TotalMilliseconds) * 1_000_000;
        return MtimeNs >= taken || CtimeNs >= taken;
    }

    /// The stamp as one line of text (size, times, inode, mode), for keys and marks that record it.
    public string Text => $"{Size} {MtimeNs} {CtimeNs} {Inode} {Mode}";

    private static long Nanos(ReadOnlySpan<byte> timestamp) =>
        BitConverter.ToInt64(timestamp) * 1_000_000_000 + BitConverter.ToUInt32(timestamp[8..]);
}
