namespace Kiln.Store;

/// A hold on a store for the life of one kiln process: shared by every command that reads or writes blobs,
/// exclusive for gc and clean, so nothing leaves the store while a build holds what it looked up. A flock on
/// `ROOT/lock`: the kernel releases it when the process ends, a kill -9 included.
public sealed class StoreLease : IDisposable
{
    private int _fd;

    private StoreLease(int fd, bool exclusive)
    {
        _fd = fd;
        Exclusive = exclusive;
    }

    public bool Exclusive { get; }

    /// Takes the lease, calling `waiting` once (with what it waits for) if another process holds a conflicting one.
    public static StoreLease Acquire(string storeRoot, bool exclusive, Action<string> waiting)
    {
        Directory.CreateDirectory(storeRoot);
        var path = Path.Combine(storeRoot, "lock");
        var fd = NativeLock.Open(path, out var errno);
        if (fd < 0) throw StoreErrors.LockFailed(path, errno);
        if (!NativeLock.TryLock(fd, exclusive, out errno))
        {
            if (errno != 0)
            {
                NativeLock.Close(fd);
                throw StoreErrors.LockFailed(path, errno);
            }
            waiting(exclusive
                ? $"waiting for the other kiln processes using the store {storeRoot} to finish (gc never removes what a running build holds)"
                : $"waiting for kiln gc or clean on the store {storeRoot} to finish");
            errno = NativeLock.Lock(fd, exclusive);
            if (errno != 0)
            {
                NativeLock.Close(fd);
                throw StoreErrors.LockFailed(path, errno);
            }
        }
        return new StoreLease(fd, exclusive);
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) NativeLock.Close(fd);
    }
}
