namespace Kiln.Store;

/// Materialization: a stored tree written out as a real directory of hard links to read-only blobs.
public sealed partial class LocalStore
{
    /// Writes the tree `root` into `target` (created if missing; must be empty, and not a symlink). Files are
    /// hard links to read-only blobs, copied only when linking is impossible (another file system). Returns
    /// the bytes of the files placed. Nothing is ever written through a symlink: every directory is made
    /// fresh (mkdir fails on anything already there), every file and link is created exclusively, and a
    /// symlink whose target, resolved through the tree's own links, leaves the tree is refused.
    public long Materialize(Core.Digest root, string target)
    {
        var full = Path.GetFullPath(target);
        if (Native.KindOf(full) is not (EntryKind.None or EntryKind.Directory)) throw StoreErrors.UnsafeDestination(target, "it is not a directory (a symlink is never followed)");
        System.IO.Directory.CreateDirectory(full);
        var rootDir = TryReadDirectory(root) ?? throw StoreErrors.MissingBlob(root, "directory .");
        return MaterializeDirectory(rootDir, full, [rootDir], where: ".");
    }

    private long MaterializeDirectory(Reapi.Directory dir, string path, IReadOnlyList<Reapi.Directory> parents, string where)
    {
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
            var errno = Native.MakeDirectory(subPath);
            if (errno == Native.EEXIST) throw StoreErrors.DuplicateName(sub.Name, where);
            if (errno != 0) throw new IOException($"cannot create directory {subPath} (errno {errno})");
            var subDigest = FromProto(sub.Digest);
            var child = TryReadDirectory(subDigest) ?? throw StoreErrors.MissingBlob(subDigest, $"directory {where}/{sub.Name}");
            bytes += MaterializeDirectory(child, subPath, [.. parents, child], where + "/" + sub.Name);
        }
        foreach (var link in dir.Symlinks)
        {
            if (!NodeName.IsSafe(link.Name)) throw StoreErrors.UnsafeName(link.Name, where);
            if (!SymlinkResolution.StaysInside(parents, link.Target, TryReadDirectory))
                throw StoreErrors.EscapingSymlink(link.Name, link.Target, where);
            var linkPath = Path.Combine(path, link.Name);
            if (Native.KindOf(linkPath) != EntryKind.None) throw StoreErrors.DuplicateName(link.Name, where);
            File.CreateSymbolicLink(linkPath, link.Target);
        }
        return bytes;
    }

    /// Hard-links the file `path` at `dest` (a host file shown in a sandbox); false where the file systems or the
    /// permissions do not allow it.
    public static bool TryHardLink(string path, string dest) => Native.Link(path, dest) == 0;

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
        if (errno == Native.EEXIST) throw StoreErrors.DuplicateName(Path.GetFileName(dest), what);
        if (errno is not (Native.EXDEV or Native.EMLINK)) throw new IOException($"cannot link {what} into {dest} (errno {errno})");
        File.Copy(blob, dest);
        File.SetUnixFileMode(dest, mode == BlobMode.Executable
            ? UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
            : UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Stats.Copied(digest.SizeBytes);
        return digest.SizeBytes;
    }
}
