namespace Kiln.Go.Modules;

/// The Go modules of a repository: every go.mod under the root (skipping testdata, vendor and directories
/// whose names start with `.` or `_`, as the go command's `./...` does), and the go.work if present.
public sealed record Workspace(string Root, IReadOnlyList<string> ModuleDirs, string? GoWork)
{
    /// GOWORK as the go command reads it (modload.FindGoWork): null when unset, empty or `auto` (search
    /// upwards), `off`, or an absolute path to a go.work file.
    public static string? GoWorkSetting(IReadOnlyDictionary<string, string> environment)
    {
        if (!environment.TryGetValue("GOWORK", out var goWork) || goWork is "" or "auto") return null;
        if (goWork == Off) return Off;
        if (!Path.IsPathRooted(goWork)) throw GoModuleErrors.InvalidGoWorkSetting(goWork);
        if (!File.Exists(goWork)) throw GoModuleErrors.GoWorkNotFound(goWork);
        return Path.GetFullPath(goWork);
    }

    /// The workspace around `start`, with GOWORK read from `environment` as the go command reads it: its root,
    /// go.mod directories and go.work. No go.mod at all is an error naming the directory.
    public static Workspace Locate(string start, IReadOnlyDictionary<string, string> environment)
    {
        var goWork = GoWorkSetting(environment);
        var root = FindRoot(start, goWork) ?? throw GoModuleErrors.NoGoMod(start);
        var workspace = Discover(root, goWork);
        return workspace.ModuleDirs.Count > 0 ? workspace : throw GoModuleErrors.NoGoMod(root);
    }

    /// GOWORK=off: every go.mod is resolved on its own, go.work files are ignored.
    public const string Off = "off";

    /// The workspace root for a starting directory: the nearest ancestor holding kiln.toml or go.work,
    /// else the outermost ancestor holding go.mod below a repository root (.git), else the nearest go.mod.
    /// `goWork` is GoWorkSetting's answer: a go.work named by GOWORK roots the workspace at its directory.
    public static string? FindRoot(string start, string? goWork = null)
    {
        if (goWork is not null and not Off) return Path.GetDirectoryName(goWork);
        string? nearestGoMod = null;
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "kiln.toml")) || (goWork is null && File.Exists(Path.Combine(dir.FullName, "go.work"))))
                return dir.FullName;
            if (File.Exists(Path.Combine(dir.FullName, "go.mod"))) nearestGoMod ??= dir.FullName;
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
                return nearestGoMod is null ? null : dir.FullName;
        }
        return nearestGoMod;
    }

    public static Workspace Discover(string root, string? goWork = null)
    {
        var dirs = new List<string>();
        Walk(new DirectoryInfo(root), dirs);
        dirs.Sort(StringComparer.Ordinal);
        var found = goWork ?? Path.Combine(root, "go.work");
        return new Workspace(root, dirs, found != Off && File.Exists(found) ? found : null);
    }

    private static void Walk(DirectoryInfo dir, List<string> found)
    {
        if (File.Exists(Path.Combine(dir.FullName, "go.mod"))) found.Add(dir.FullName);
        foreach (var sub in dir.EnumerateDirectories())
        {
            if (sub.Name is "testdata" or "vendor" || sub.Name.StartsWith('.') || sub.Name.StartsWith('_')) continue;
            if (sub.LinkTarget is not null) continue;
            if (!sub.Exists) continue; // a name that is not UTF-8, which .NET cannot open: the package walk reports it
            Walk(sub, found);
        }
    }

    /// What `kiln mod download` resolves: the go.work with the modules it uses (one shared build list), and
    /// every other go.mod on its own.
    public IReadOnlyList<DownloadUnit> DownloadUnits()
    {
        var units = new List<DownloadUnit>();
        var used = UsedModuleDirs();
        if (GoWork is not null) units.Add(DownloadUnit.ForGoWork(Root, GoWork));
        foreach (var dir in ModuleDirs.Where(d => !used.Contains(Path.GetFullPath(d))))
            units.Add(DownloadUnit.ForModule(Root, dir));
        return units;
    }

    /// The go.work, parsed, or null without one.
    public GoWorkFile? ReadGoWork() => GoWork is null ? null : GoWorkFile.Parse(Label(GoWork), File.ReadAllBytes(GoWork));

    /// The directories of go.work's `use` modules (full paths); empty without a go.work.
    public IReadOnlySet<string> UsedModuleDirs() => ReadGoWork() is { } work
        ? work.Use.Select(use => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(GoWork!)!, use.Path))).ToHashSet(StringComparer.Ordinal)
        : new HashSet<string>(StringComparer.Ordinal);

    /// The unit whose build list covers a module directory.
    public DownloadUnit UnitFor(string moduleDir)
    {
        var label = Label(moduleDir);
        return DownloadUnits().FirstOrDefault(u => u.Roots.Any(r => r.FileName == (label == "." ? "go.mod" : $"{label}/go.mod")))
            ?? DownloadUnit.ForModule(Root, moduleDir);
    }

    /// A module directory as people see it: relative to the workspace root.
    public string Label(string moduleDir)
    {
        var rel = Path.GetRelativePath(Root, moduleDir);
        return rel == "." ? "." : rel;
    }
}
