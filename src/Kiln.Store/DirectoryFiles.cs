namespace Kiln.Store;

/// The files of one directory as a package sees them: regular files, and symlinks that resolve to one
/// (followed, as the go command reads them). Subdirectories, symlinks to directories and symlinks that do
/// not resolve (dangling, or a loop like `a -> b -> a`) are not files: they are left out, as go's build
/// leaves out what it cannot stat, instead of failing the whole directory.
public static class DirectoryFiles
{
    public readonly record struct Entry(string Name, string FullPath, bool Executable);

    /// Sorted by name (ordinal).
    public static List<Entry> Of(string dir)
    {
        var result = new List<Entry>();
        foreach (var file in new DirectoryInfo(dir).EnumerateFiles())
        {
            FileInfo target = file;
            if (file.LinkTarget is not null)
            {
                try
                {
                    if (file.ResolveLinkTarget(returnFinalTarget: true) is not FileInfo { Exists: true } resolved) continue;
                    target = resolved;
                }
                catch (IOException) { continue; } // a symlink loop
            }
            if (!Native.IsRegularFile(target.FullName)) continue;
            result.Add(new Entry(file.Name, file.FullName, (target.UnixFileMode & UnixFileMode.UserExecute) != 0));
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }
}
