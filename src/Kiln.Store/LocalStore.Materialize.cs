namespace Kiln.Store;

/// Materialization: a stored tree written out as a real directory of hard links to read-only blobs.
public sealed partial class LocalStore
{
    /// Writes the tree `root` into `target` (created if missing; must be empty). Files are hard links
    /// to read-only blobs, copied only when linking is impossible (another file system). Returns the bytes
    /// of the files placed.
    public long Materialize(Core.Digest root, string target)
    {
        var full = Path.GetFullPath(target);
        System.IO.Directory.CreateDirectory(full);
        return MaterializeDirectory(root, full, depth: 0, where: ".");
    }

    private long MaterializeDirectory(Core.Digest digest, string path, int depth, string where)
    {
        var dir = TryReadDirectory(digest) ?? throw StoreErrors.MissingBlob(digest, $"directory {where}");
        long bytes = 0;
        foreach (var file in dir.Files)
        {
            if (!NodeName.IsSafe(file.Name)) throw StoreErrors.UnsafeName(file.Name, where);
            bytes += MaterializeFile(FromProto(file.Digest), file.IsExecutable ? BlobMode.Executable : BlobMode.Plain,
                Path.Combine(path, file.Name), where + "/" + file.Name);
        }
        foreach (var sub in dir.Directories)
        {
            if (!NodeName.IsSafe(sub.Name)) throw StoreErrors.UnsafeName(sub.Name, where);
            var subPath = Path.Combine(path, sub.Name);
            System.IO.Directory.CreateDirectory(subPath);
            bytes += MaterializeDirectory(FromProto(sub.Digest), subPath, depth + 1, where + "/" + sub.Name);
        }
        foreach (var link in dir.Symlinks)
        {
            if (!NodeName.IsSafe(link.Name)) throw StoreErrors.UnsafeName(link.Name, where);
            if (!NodeName.IsContainedSymlink(link.Target, depth))
                throw StoreErrors.UnsafeName($"{link.Name} -> {link.Target}", where);
            File.CreateSymbolicLink(Path.Combine(path, link.Name), link.Target);
        }
        return bytes;
    }

    /// Places one blob at `dest` by hard link (or copy across file systems); returns its size.
    public long MaterializeFile(Core.Digest digest, BlobMode mode, string dest, string what)
    {
        var blob = TryGetBlobFile(digest, mode) ?? throw StoreErrors.MissingBlob(digest, what);
        var errno = Native.Link(blob, dest);
        if (errno == 0)
        {
            Stats.Linked(digest.SizeBytes);
            return digest.SizeBytes;
        }
        if (errno is not (Native.EXDEV or Native.EMLINK)) throw new IOException($"cannot link {what} into {dest} (errno {errno})");
        File.Copy(blob, dest);
        File.SetUnixFileMode(dest, mode == BlobMode.Executable
            ? UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
            : UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Stats.Copied(digest.SizeBytes);
        return digest.SizeBytes;
    }
}
