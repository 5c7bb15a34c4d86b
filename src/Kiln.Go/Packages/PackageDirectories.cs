using Kiln.Store;

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
            // .NET leaves out a file whose name is not UTF-8: it still makes a package (analysis refuses it by name)
            var nonUtf8 = DiskNames.NonUtf8(dir.FullName);
            if (dir.EnumerateFiles("*.go").Any() || nonUtf8.Any(n => n.EndsWith(".go", StringComparison.Ordinal))) found.Add(dir.FullName);
            foreach (var sub in dir.EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                if (Skipped(sub.Name) || sub.LinkTarget is not null) continue;
                // a directory .NET cannot open by its (lossily decoded) name; go reports its malformed import path
                if (!sub.Exists && nonUtf8.Count > 0) throw StoreErrors.NonUtf8Names(dir.FullName, nonUtf8);
                Walk(sub);
            }
        }
        Walk(new DirectoryInfo(root));
        return found;
    }

    /// A directory element wildcards never descend into.
    public static bool Skipped(string name) => name is "testdata" or "vendor" || name.StartsWith('.') || name.StartsWith('_');
}
