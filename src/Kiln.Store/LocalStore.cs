using System.Collections.Concurrent;
using Kiln.Core;

namespace Kiln.Store;

/// The local content-addressed store: blobs by digest, written atomically, verified on every read.
/// Safe to share between threads and between concurrent Kiln processes.
public sealed partial class LocalStore
{
    /// Every blob's mtime is pinned to this instant; a write through a hard link moves it, which is how
    /// a tampered blob is recognised without re-hashing it.
    internal static readonly DateTime PinnedMtime = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan TouchInterval = TimeSpan.FromHours(1);
    private const UnixFileMode PlainMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode ExecMode = PlainMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly StorePaths _paths;
    private readonly IBuildObserver _observer;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<Digest, Reapi.Directory> _directories = new();

    public LocalStore(string root, RunStats? stats = null, IBuildObserver? observer = null, TimeProvider? time = null)
    {
        _paths = new StorePaths(root);
        Stats = stats ?? new RunStats();
        _observer = observer ?? NullBuildObserver.Instance;
        _time = time ?? TimeProvider.System;
        try { _paths.EnsureCreated(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw StoreErrors.StoreUnusable(root, e); }
    }

    public string Root => _paths.Root;
    public string SandboxRoot => _paths.Sandboxes;
    public RunStats Stats { get; }

    /// A fresh path in the store's temp directory, for a file written whole and then renamed into the store: on
    /// the store's file system (the rename is atomic), and swept by gc when a killed process left it behind.
    public string NewTempFile() => _paths.NewTempFile();

    /// Stores bytes as a blob and returns their digest.
    public Digest PutBytes(ReadOnlySpan<byte> data)
    {
        var digest = Digest.Of(data);
        if (!IsSound(digest, BlobMode.Plain)) WriteBlob(digest, BlobMode.Plain, data);
        return digest;
    }

    /// Stores a file's content as a blob (a copy: the source may change later) and returns its digest.
    public Digest PutFile(string path)
    {
        Digest digest;
        using (var src = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
        {
            if (src.Length <= 1 << 20)
            {
                // Small file: one read, hash and (when missing) write from the same buffer.
                var bytes = new byte[src.Length];
                src.ReadExactly(bytes);
                return PutBytes(bytes);
            }
            digest = Digest.OfStream(src);
        }
        if (IsSound(digest, BlobMode.Plain)) return digest;
        var final = _paths.Blob(digest, BlobMode.Plain);
        string tmp;
        using (var src = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan))
        using (var dst = CreateBeside(final, PlainMode, 1 << 16, out tmp))
        using (var sha = new Sha256(src.Length))
        {
            try
            {
                var buffer = new byte[1 << 16];
                long size = 0;
                int read;
                while ((read = src.Read(buffer)) > 0)
                {
                    sha.Append(buffer.AsSpan(0, read));
                    dst.Write(buffer, 0, read);
                    size += read;
                }
                dst.Flush();
                Native.SetTimes(dst.SafeFileHandle, tmp, _time.GetUtcNow().UtcDateTime, PinnedMtime);
                digest = new Digest(Convert.ToHexStringLower(sha.Finish()), size); // the file may have changed between the two reads: trust what was copied
            }
            catch
            {
                TryDeleteTemp(tmp);
                throw;
            }
        }
        Place(tmp, _paths.Blob(digest, BlobMode.Plain));
        return digest;
    }

    /// Takes in a file that nothing will write again and nothing will read again by its path (a finished action's
    /// output, in a sandbox about to be deleted): hashed once and renamed into the store rather than copied. A
    /// read-only file may be a hard link to a blob (an action can link an input to an output path), so it is
    /// copied instead and its inode is left alone.
    public Digest AdoptFile(string path)
    {
        if ((File.GetUnixFileMode(path) & UnixFileMode.UserWrite) == 0) return PutFile(path);
        Digest digest;
        using (var src = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            digest = Digest.OfStream(src);
        if (IsSound(digest, BlobMode.Plain)) return digest;
        Commit(path, digest, BlobMode.Plain);
        return digest;
    }

    public bool Contains(Digest digest) => digest.SizeBytes == 0 || IsSound(digest, BlobMode.Plain);

    /// Reads a blob, re-hashing it. A missing blob is null; a corrupt one is evicted, reported, and null.
    public byte[]? TryReadBytes(Digest digest)
    {
        if (digest.SizeBytes == 0 && digest == Digest.Empty) return [];
        var path = _paths.Blob(digest, BlobMode.Plain);
        byte[] data;
        try { data = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        if (data.Length != digest.SizeBytes || Digest.Of(data) != digest)
        {
            Evict(digest, BlobMode.Plain, "content does not match its digest");
            return null;
        }
        Touch(path);
        return data;
    }

    /// The path of a sound blob file with the given mode, made on demand for executables; null if the
    /// store has no sound copy of the content. The file is read-only and may be hard-linked.
    public string? TryGetBlobFile(Digest digest, BlobMode mode)
    {
        if (digest.SizeBytes == 0 && !IsSound(digest, mode)) PutEmpty(mode);
        if (IsSound(digest, mode)) return _paths.Blob(digest, mode);
        if (mode == BlobMode.Plain) return null;
        // Executable copy: a separate inode, so links never share the wrong mode.
        var plain = TryGetBlobFile(digest, BlobMode.Plain);
        if (plain is null) return null;
        var tmp = StorePaths.TempBeside(_paths.Blob(digest, mode));
        try { File.Copy(plain, tmp); }
        catch (IOException e) when (e is DirectoryNotFoundException or FileNotFoundException && File.Exists(plain))
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(tmp)!);
            File.Copy(plain, tmp);
        }
        Digest copied;
        using (var check = File.OpenRead(tmp)) copied = Digest.OfStream(check);
        if (copied != digest)
        {
            File.Delete(tmp);
            Evict(digest, BlobMode.Plain, "content does not match its digest");
            return null;
        }
        Commit(tmp, digest, BlobMode.Executable);
        return _paths.Blob(digest, mode);
    }

    private void PutEmpty(BlobMode mode) => WriteBlob(Digest.Empty, mode, []);

    /// Cheap soundness check (no hashing): present, right size, read-only mode, pinned mtime.
    /// A present but unsound blob is evicted.
    internal bool IsSound(Digest digest, BlobMode mode)
    {
        var path = _paths.Blob(digest, mode);
        var info = new FileInfo(path);
        if (!info.Exists) return false;
        var expectedMode = mode == BlobMode.Executable ? ExecMode : PlainMode;
        if (info.Length != digest.SizeBytes || info.LastWriteTimeUtc != PinnedMtime || (info.UnixFileMode & ~UnixFileMode.None) != expectedMode)
        {
            Evict(digest, mode, "size, mode or mtime changed: the blob was modified in place");
            return false;
        }
        TouchIfStale(path, info.LastAccessTimeUtc);
        return true;
    }

    /// Writes a blob known to be missing: into a new file beside its final path, created with the blob's mode,
    /// its times set, renamed into place.
    private void WriteBlob(Digest digest, BlobMode mode, ReadOnlySpan<byte> data)
    {
        var final = _paths.Blob(digest, mode);
        string tmp;
        using (var f = CreateBeside(final, mode == BlobMode.Executable ? ExecMode : PlainMode, 1, out tmp))
        {
            try
            {
                f.Write(data);
                Native.SetTimes(f.SafeFileHandle, tmp, _time.GetUtcNow().UtcDateTime, PinnedMtime);
            }
            catch
            {
                TryDeleteTemp(tmp);
                throw;
            }
        }
        Place(tmp, final);
    }

    /// Writes a small file atomically: a reader of `final` sees the old one or all of the new one.
    private static void WriteWhole(string final, ReadOnlySpan<byte> content)
    {
        string tmp;
        using (var f = CreateBeside(final, null, 1, out tmp))
        {
            try { f.Write(content); }
            catch
            {
                TryDeleteTemp(tmp);
                throw;
            }
        }
        Place(tmp, final);
    }

    /// A new temp file beside `final` (see <see cref="StorePaths.TempBeside"/>), its directory made on demand.
    private static FileStream CreateBeside(string final, UnixFileMode? mode, int bufferSize, out string tmp)
    {
        tmp = StorePaths.TempBeside(final);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = bufferSize };
        if (mode is { } m) options.UnixCreateMode = m;
        try { return new FileStream(tmp, options); }
        catch (IOException e) when (e is DirectoryNotFoundException or FileNotFoundException) // which one depends on a race with another writer
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            return new FileStream(tmp, options);
        }
    }

    /// Renames a finished file to its final path, making the directory if it is not there yet.
    private static void Place(string tmp, string final)
    {
        try { File.Move(tmp, final, overwrite: true); }
        catch (IOException e) when (e is DirectoryNotFoundException or FileNotFoundException && File.Exists(tmp))
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            File.Move(tmp, final, overwrite: true);
        }
    }

    private static void TryDeleteTemp(string tmp)
    {
        try { File.Delete(tmp); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // gc sweeps what is left
    }

    /// Makes a finished file (a temp copy, or an action's output) the blob of `digest`: its mode and times set,
    /// renamed into place.
    private void Commit(string file, Digest digest, BlobMode mode)
    {
        File.SetUnixFileMode(file, mode == BlobMode.Executable ? ExecMode : PlainMode);
        Native.SetTimes(file, _time.GetUtcNow().UtcDateTime, PinnedMtime);
        Place(file, _paths.Blob(digest, mode));
    }

    private void Evict(Digest digest, BlobMode mode, string reason)
    {
        try { File.Delete(_paths.Blob(digest, mode)); }
        catch (IOException) { }
        BumpGcGeneration(); // whatever remembered this blob across runs checks the store again
        Stats.CorruptEvicted();
        _observer.On(new StoreEntryEvicted($"evicted corrupt blob {digest}: {reason}", digest, reason));
    }

    private void Touch(string path) => TouchIfStale(path, File.GetLastAccessTimeUtc(path));

    private void TouchIfStale(string path, DateTime lastAccessUtc)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (now - lastAccessUtc < TouchInterval) return;
        try { File.SetLastAccessTimeUtc(path, now); }
        catch (IOException) { } // evicted concurrently: nothing to refresh
        catch (UnauthorizedAccessException) { }
    }
}
