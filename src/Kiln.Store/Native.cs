using System.Runtime.InteropServices;

namespace Kiln.Store;

/// The few POSIX calls .NET does not expose.
internal static partial class Native
{
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int EMLINK = 31;
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkNative(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxNative(int dirFd, string path, int flags, uint mask, Span<byte> buffer);

    /// statx(2) at the current directory: 0 or -1 (errno in Marshal.GetLastPInvokeError).
    public static int Statx(string path, int flags, uint mask, Span<byte> buffer) => StatxNative(AtFdCwd, path, flags, mask, buffer);

    /// Hard-links newPath to oldPath; returns 0 or the errno.
    public static int Link(string oldPath, string newPath) =>
        LinkNative(oldPath, newPath) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// True if the path (not following symlinks) is a regular file. statx has one layout on every
    /// architecture, unlike struct stat.
    public static bool IsRegularFile(string path)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (StatxNative(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0) return false;
        var mode = BitConverter.ToUInt16(buffer[StatxModeOffset..]);
        return (mode & 0xF000) == 0x8000;
    }
}
