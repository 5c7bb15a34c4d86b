using System.Runtime.InteropServices;

namespace Kiln.Store;

/// open(2) and flock(2): an advisory lock the kernel drops when the process ends, however it ends (kill -9
/// included), so a crashed kiln never leaves the store locked.
internal static partial class NativeLock
{
    private const int ORdWr = 0x2;
    private const int OCreat = 0x40;
    private const int OCloExec = 0x80000;
    private const int LockSh = 1;
    private const int LockEx = 2;
    private const int LockNb = 4;
    private const int EINTR = 4;
    private const int EWOULDBLOCK = 11;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int FlockNative(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseNative(int fd);

    /// Opens (creating) the lock file; the descriptor, or -1 with the errno.
    public static int Open(string path, out int errno)
    {
        var fd = OpenNative(path, ORdWr | OCreat | OCloExec, 0x1A4);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd;
    }

    /// Takes the lock without waiting: true if taken, false if another holder conflicts.
    public static bool TryLock(int fd, bool exclusive, out int errno)
    {
        while (true)
        {
            if (FlockNative(fd, (exclusive ? LockEx : LockSh) | LockNb) == 0) { errno = 0; return true; }
            errno = Marshal.GetLastPInvokeError();
            if (errno == EINTR) continue;
            if (errno == EWOULDBLOCK) errno = 0;
            return false;
        }
    }

    /// Waits for the lock; 0 or the errno.
    public static int Lock(int fd, bool exclusive)
    {
        while (true)
        {
            if (FlockNative(fd, exclusive ? LockEx : LockSh) == 0) return 0;
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR) return errno;
        }
    }

    public static void Close(int fd) => _ = CloseNative(fd);
}
