namespace Kiln.Go.Modules;

/// What one download resolves as a whole: a single go.mod (GOWORK=off), or a go.work with every module it
/// uses. Paths are relative to the sandbox; every module sits at its workspace-relative path under `ws/`, so
/// `use` and local-path `replace` directives resolve as they do on disk.
public sealed record DownloadUnit(string Label, string WorkDir, string? GoWork, IReadOnlyList<UnitFile> Files,
    IReadOnlyList<UnitFile> SumFiles, IReadOnlyList<GoModFile> Roots)
{
    public const string WorkspaceDir = "ws";

    /// go.work's replace directives: in workspace mode they override the replacements of every go.mod.
    public IReadOnlyList<GoModReplace> WorkReplace { get; init; } = [];

    /// Local-path replacements with no go.mod (`file:line`). The go command reads one only when a package of
    /// the build needs its module, so the module graph is listed with `-e` and the package walk decides.
    public IReadOnlyList<string> ReplacementsWithoutGoMod { get; init; } = [];

    /// One go.mod and its go.sum.
    public static DownloadUnit ForModule(string workspaceRoot, string moduleDir)
    {
        var label = RelLabel(workspaceRoot, moduleDir);
        var files = new List<UnitFile>();
        var sums = new List<UnitFile>();
        var lazy = new List<string>();
        var root = AddModule(workspaceRoot, moduleDir, files, sums, lazy);
        return new DownloadUnit(root.FileName, SandboxPath(label), null, files, sums, [root]) { ReplacementsWithoutGoMod = lazy };
    }

    /// A go.work, its go.work.sum, and every module it uses.
    public static DownloadUnit ForGoWork(string workspaceRoot, string goWorkPath)
    {
        var work = GoWorkFile.Parse(RelLabel(workspaceRoot, goWorkPath), File.ReadAllBytes(goWorkPath));
        var dir = Path.GetDirectoryName(goWorkPath)!;
        var files = new List<UnitFile> { new(SandboxPath(RelLabel(workspaceRoot, goWorkPath)), File.ReadAllBytes(goWorkPath), RelLabel(workspaceRoot, goWorkPath)) };
        var sums = new List<UnitFile>();
        var workSum = Path.Combine(dir, "go.work.sum");
        sums.Add(new UnitFile(SandboxPath(RelLabel(workspaceRoot, workSum)), File.Exists(workSum) ? File.ReadAllBytes(workSum) : [], RelLabel(workspaceRoot, workSum)));
        var roots = new List<GoModFile>();
        var lazy = new List<string>();
        foreach (var use in work.Use)
        {
            var moduleDir = Path.GetFullPath(Path.Combine(dir, use.Path));
            if (!IsInside(workspaceRoot, moduleDir)) throw GoModuleErrors.ReplaceOutsideWorkspace(work.FileName, use.Line, use.Path);
            if (!File.Exists(Path.Combine(moduleDir, "go.mod"))) throw GoModuleErrors.ReplaceWithoutGoMod(work.FileName, use.Line, use.Path);
            roots.Add(AddModule(workspaceRoot, moduleDir, files, sums, lazy));
        }
        AddLocalReplacements(workspaceRoot, dir, work.FileName, work.Replace, files, lazy);
        files[0] = files[0] with { Content = WithUseReplacements(files[0].Content, work, roots, dir) };
        var label = RelLabel(workspaceRoot, goWorkPath);
        var workDir = SandboxPath(RelLabel(workspaceRoot, dir));
        return new DownloadUnit(label, workDir, SandboxPath(label), files, sums, roots) { WorkReplace = work.Replace, ReplacementsWithoutGoMod = lazy };
    }

    /// The go.work the module graph is listed with: a requirement on a `use` module's path (`example.com/lib
    /// v0.0.0`, the usual placeholder) is satisfied by that module, as go build treats it, but `go list -m all`
    /// would look the placeholder version up (and fail offline); a replacement by the module's directory, unless
    /// go.work replaces that path itself, lists the same graph without the lookup.
    private static byte[] WithUseReplacements(byte[] goWork, GoWorkFile work, List<GoModFile> roots, string dir)
    {
        var extra = new System.Text.StringBuilder();
        var used = work.Use.Zip(roots, (u, r) => (u.Path, r.ModulePath)).Where(u => u.ModulePath is not null).ToList();
        var required = roots.SelectMany(r => r.Require).Select(r => r.Module).Where(m => used.Any(u => u.ModulePath == m.Path)).Distinct();
        foreach (var m in required.OrderBy(m => m.Path, StringComparer.Ordinal).ThenBy(m => m.Version, StringComparer.Ordinal))
        {
            if (work.Replace.Any(r => r.Old.Path == m.Path)) continue;
            var target = used.First(u => u.ModulePath == m.Path).Path;
            if (!target.StartsWith("./", StringComparison.Ordinal) && !target.StartsWith("../", StringComparison.Ordinal)) target = "./" + target;
            extra.Append($"\nreplace {m.Path} {m.Version} => {target}\n");
        }
        return extra.Length == 0 ? goWork : [.. goWork, .. System.Text.Encoding.UTF8.GetBytes(extra.ToString())];
    }

    private static GoModFile AddModule(string workspaceRoot, string moduleDir, List<UnitFile> files, List<UnitFile> sums, List<string> lazy)
    {
        var goModPath = Path.Combine(moduleDir, "go.mod");
        if (!File.Exists(goModPath)) throw GoModuleErrors.NoGoMod(moduleDir);
        var goMod = File.ReadAllBytes(goModPath);
        var modLabel = RelLabel(workspaceRoot, goModPath);
        var modFile = GoModFile.Parse(modLabel, goMod);
        files.Add(new UnitFile(SandboxPath(modLabel), goMod, modLabel));
        var goSumPath = Path.Combine(moduleDir, "go.sum");
        var sumLabel = RelLabel(workspaceRoot, goSumPath);
        sums.Add(new UnitFile(SandboxPath(sumLabel), File.Exists(goSumPath) ? File.ReadAllBytes(goSumPath) : [], sumLabel));
        AddLocalReplacements(workspaceRoot, moduleDir, modLabel, modFile.Replace, files, lazy);
        return modFile;
    }

    /// A local-path replacement is first-party source; the module graph needs its go.mod where the directive says
    /// (one without a go.mod is an error only if a package needs it, as in the go command: `lazy` notes it).
    private static void AddLocalReplacements(string workspaceRoot, string fromDir, string fileLabel, IEnumerable<GoModReplace> replaces,
        List<UnitFile> files, List<string> lazy)
    {
        foreach (var r in replaces.Where(r => r.IsLocalPath))
        {
            var target = Path.GetFullPath(Path.Combine(fromDir, r.New.Path, "go.mod"));
            if (Path.IsPathRooted(r.New.Path) || !IsInside(workspaceRoot, target))
                throw GoModuleErrors.ReplaceOutsideWorkspace(fileLabel, r.Line, r.New.Path);
            if (!File.Exists(target))
            {
                lazy.Add($"{fileLabel}:{r.Line}");
                continue;
            }
            var label = RelLabel(workspaceRoot, target);
            if (files.All(f => f.SandboxPath != SandboxPath(label))) files.Add(new UnitFile(SandboxPath(label), File.ReadAllBytes(target), label));
        }
    }

    private static bool IsInside(string root, string path)
    {
        var rel = Path.GetRelativePath(root, path);
        return rel != ".." && !rel.StartsWith("../", StringComparison.Ordinal) && !Path.IsPathRooted(rel);
    }

    private static string RelLabel(string root, string path)
    {
        var rel = Path.GetRelativePath(root, path).Replace('\\', '/');
        return rel == "." ? "." : rel;
    }

    private static string SandboxPath(string label) => label == "." ? WorkspaceDir : $"{WorkspaceDir}/{label}";
}

/// A file placed in the download sandbox: where, its bytes, and how people know it (workspace-relative).
public sealed record UnitFile(string SandboxPath, byte[] Content, string Label);
