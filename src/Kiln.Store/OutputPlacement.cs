namespace Kiln.Store;

/// Where an action's declared output may be written below an output root (`dist/`): never through a
/// symlink, never outside the root.
public static class OutputPlacement
{
    /// The full path of `relative` below `root`, ready for a new file or tree: every parent is a real
    /// directory (made when missing; a symlink or file in the way is refused, never followed), and whatever
    /// was at the path itself is gone (a file or symlink is unlinked, never its target; a real directory,
    /// reached through real directories only, is deleted with its contents).
    public static string Prepare(string root, string relative)
    {
        if (!RemoteTreeCheck.IsSafeRelativePath(relative)) throw StoreErrors.UnsafeOutputPath(root, relative, "not a relative path of plain names");
        var current = Path.GetFullPath(root);
        System.IO.Directory.CreateDirectory(current);
        var segments = relative.Split('/');
        foreach (var segment in segments[..^1])
        {
            current = Path.Combine(current, segment);
            var kind = Native.KindOf(current);
            if (kind == EntryKind.None)
            {
                var errno = Native.MakeDirectory(current);
                if (errno != 0 && Native.KindOf(current) != EntryKind.Directory) throw StoreErrors.UnsafeOutputPath(root, relative, $"cannot create {current} (errno {errno})");
            }
            else if (kind != EntryKind.Directory)
            {
                throw StoreErrors.UnsafeOutputPath(root, relative, $"{current} is a {(kind == EntryKind.Symlink ? "symlink" : "file")}, not a directory");
            }
        }
        var dest = Path.Combine(current, segments[^1]);
        switch (Native.KindOf(dest))
        {
            case EntryKind.None:
                break;
            case EntryKind.Directory:
                System.IO.Directory.Delete(dest, recursive: true); // .NET unlinks symlinks inside; it never follows them
                break;
            default:
                File.Delete(dest);
                break;
        }
        return dest;
    }
}
