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

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkdirNative(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxNative(int dirFd, string path, int flags, uint mask, Span<byte> buffer);

    /// statx(2) at the current directory: 0 or -1 (errno in Marshal.GetLastPInvokeError).
    public static int Statx(string path, int flags, uint mask, Span<byte> buffer) => StatxNative(AtFdCwd, path, flags, mask, buffer);

    [LibraryImport("libc", EntryPoint = "opendir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint OpenDir(string path);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static partial nint ReadDir(nint dir);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDir(nint dir);

    /// Offsets of d_type and d_name in struct dirent on 64-bit Linux (after d_ino, d_off and d_reclen).
    private const int DirentTypeOffset = 18;
    private const int DirentNameOffset = 19;
    private const byte DtDir = 4;

    /// The entries of a directory whose names are not valid UTF-8, as raw bytes. .NET decodes such a name
    /// lossily and then cannot stat it, so its enumeration leaves the entry out without a word.
    public static List<(byte[] Name, bool IsDirectory)> NonUtf8Names(string dir)
    {
        var result = new List<(byte[], bool)>();
        var handle = OpenDir(dir);
        if (handle == 0) return result; // the caller's own enumeration reports why
        try
        {
            for (var entry = ReadDir(handle); entry != 0; entry = ReadDir(handle))
            {
                var length = 0;
                while (Marshal.ReadByte(entry, DirentNameOffset + length) != 0) length++;
                var name = new byte[length];
                Marshal.Copy(entry + DirentNameOffset, name, 0, length);
                if (!System.Text.Unicode.Utf8.IsValid(name)) result.Add((name, Marshal.ReadByte(entry, DirentTypeOffset) == DtDir));
            }
        }
        finally
        {
            _ = CloseDir(handle);
        }
        return result;
    }

    /// Hard-links newPath to oldPath; returns 0 or the errno.
    public static int Link(string oldPath, string newPath) =>
        LinkNative(oldPath, newPath) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// Creates one directory (mode 0777 less the umask); returns 0 or the errno (EEXIST when anything, a
    /// symlink included, is already there: mkdir never follows a symlink in its last component).
    public static int MakeDirectory(string path) =>
        MkdirNative(path, 0x1FF) == 0 ? 0 : Marshal.GetLastPInvokeError();

    [LibraryImport("libc", EntryPoint = "futimens", SetLastError = true)]
    private static partial int FutimensNative(Microsoft.Win32.SafeHandles.SafeFileHandle fd, ReadOnlySpan<long> times);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UtimensatNative(int dirFd, string path, ReadOnlySpan<long> times, int flags);

    /// Sets a file's access and modification times in one call (.NET's setters stat and set one time each).
    /// struct timespec is two 64-bit fields on the 64-bit Linux targets Kiln ships for.
    public static void SetTimes(Microsoft.Win32.SafeHandles.SafeFileHandle file, string path, DateTime accessUtc, DateTime modifiedUtc)
    {
        Span<long> times = stackalloc long[4];
        Fill(times, accessUtc, modifiedUtc);
        if (FutimensNative(file, times) != 0) throw TimesFailed(path);
    }

    /// The same for a path (not following a symlink in its last component).
    public static void SetTimes(string path, DateTime accessUtc, DateTime modifiedUtc)
    {
        Span<long> times = stackalloc long[4];
        Fill(times, accessUtc, modifiedUtc);
        if (UtimensatNative(AtFdCwd, path, times, AtSymlinkNoFollow) != 0) throw TimesFailed(path);
    }

    private static void Fill(Span<long> times, DateTime accessUtc, DateTime modifiedUtc)
    {
        var access = accessUtc.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks;
        var modified = modifiedUtc.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks;
        times[0] = access / TimeSpan.TicksPerSecond;
        times[1] = access % TimeSpan.TicksPerSecond * 100;
        times[2] = modified / TimeSpan.TicksPerSecond;
        times[3] = modified % TimeSpan.TicksPerSecond * 100;
    }

    private static IOException TimesFailed(string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        var error = Marshal.GetPInvokeErrorMessage(errno);
        return errno == 2 ? new FileNotFoundException($"{path}: {error}", path) : new IOException($"setting the times of {path}: {error}", errno);
    }

    /// What is at a path, not following a symlink in its last component.
    public static EntryKind KindOf(string path)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (StatxNative(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0) return EntryKind.None;
        return (BitConverter.ToUInt16(buffer[StatxModeOffset..]) & 0xF000) switch
        {
            0x8000 => EntryKind.File,
            0x4000 => EntryKind.Directory,
            0xA000 => EntryKind.Symlink,
            _ => EntryKind.Other,
        };
    }

    /// True if the path (not following symlinks) is a regular file. statx has one layout on every
    /// architecture, unlike struct stat.
    public static bool IsRegularFile(string path) => KindOf(path) == EntryKind.File;
}
