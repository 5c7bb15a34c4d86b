namespace Kiln.Go.Modules;

/// The Go modules of a repository: every go.mod under the root (skipping testdata, vendor and directories
/// whose names start with `.` or `_`, as the go command's `./...` does), and the go.work if present.
public sealed record Workspace(string Root, IReadOnlyList<string> ModuleDirs, string? GoWork)
{
    /// The workspace root for a starting directory: the nearest ancestor holding kiln.toml or go.work,
    /// else the outermost ancestor holding go.mod below a repository root (.git), else the nearest go.mod.
    public static string? FindRoot(string start)
    {
        string? nearestGoMod = null;
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "kiln.toml")) || File.Exists(Path.Combine(dir.FullName, "go.work")))
                return dir.FullName;
            if (File.Exists(Path.Combine(dir.FullName, "go.mod"))) nearestGoMod ??= dir.FullName;
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
                return nearestGoMod is null ? null : dir.FullName;
        }
        return nearestGoMod;
    }

    public static Workspace Discover(string root)
    {
        var dirs = new List<string>();
        Walk(new DirectoryInfo(root), dirs);
        dirs.Sort(StringComparer.Ordinal);
        var goWork = Path.Combine(root, "go.work");
        return new Workspace(root, dirs, File.Exists(goWork) ? goWork : null);
    }

    private static void Walk(DirectoryInfo dir, List<string> found)
    {
        if (File.Exists(Path.Combine(dir.FullName, "go.mod"))) found.Add(dir.FullName);
        foreach (var sub in dir.EnumerateDirectories())
        {
            if (sub.Name is "testdata" or "vendor" || sub.Name.StartsWith('.') || sub.Name.StartsWith('_')) continue;
            if (sub.LinkTarget is not null) continue;
            Walk(sub, found);
        }
    }

    /// A module directory as people see it: relative to the workspace root.
    public string Label(string moduleDir)
    {
        var rel = Path.GetRelativePath(Root, moduleDir);
        return rel == "." ? "." : rel;
    }
}
