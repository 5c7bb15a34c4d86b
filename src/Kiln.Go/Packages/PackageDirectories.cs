namespace Kiln.Go.Packages;

/// Which directories hold packages, as `./...` and wildcards see them.
internal static class PackageDirectories
{
    /// Directories below `root` (itself included) holding `.go` files, skipping what `./...` skips:
    /// testdata, vendor, `_x`, `.x` and symlinks.
    public static List<string> Below(string root)
    {
        var found = new List<string>();
        void Walk(DirectoryInfo dir)
        {
            if (dir.EnumerateFiles("*.go").Any()) found.Add(dir.FullName);
            foreach (var sub in dir.EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                if (Skipped(sub.Name) || sub.LinkTarget is not null) continue;
                Walk(sub);
            }
        }
        Walk(new DirectoryInfo(root));
        return found;
    }

    /// A directory element wildcards never descend into.
    public static bool Skipped(string name) => name is "testdata" or "vendor" || name.StartsWith('.') || name.StartsWith('_');
}
