using System.Text;
using Kiln.Go.Modules;
using Kiln.Go.Rules;
using Kiln.Go.Test;
using Kiln.Store;

namespace Kiln.Go.Driver;

/// The driver's files on disk. Workspace and std packages are where they are; a third-party module is made
/// visible once per stored tree under `STORE/gopackages/modules/TREE/MODULE@VERSION` (read-only hard links
/// to the store's blobs, so an editor can open and jump into it but not change it), and each generated test main
/// is written once under `STORE/gopackages/testmain/CONTENT/_testmain.go` (cgo's output: DriverCgo).
public sealed class DriverSources(LocalStore store, string workspaceRoot, string workingDirectory, IReadOnlyDictionary<string, byte[]> overlay,
    DriverCgo? cgo = null) : IDriverSources
{
    private readonly string _root = Path.Combine(store.Root, "gopackages");
    private readonly Dictionary<Core.Digest, string> _views = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<string>? CgoGoFiles(LoadedPackage p) => cgo?.GoFiles(p.Package, DirOf(p));

    public string DirOf(LoadedPackage p)
    {
        if (p.Source.DiskDir is { } dir) return Path.GetFullPath(dir);
        if (!p.Source.ModuleTree.IsValid && !p.Source.Tree.IsValid) return ""; // an import nothing provides: no files
        var module = p.Package.Module ?? throw new InvalidOperationException($"stored package {p.Package.ImportPath} has no module");
        var root = ModuleView(p.Source.ModuleTree, new ModuleVersion(module.Path, module.Version));
        return p.Source.ModuleDir.Length == 0 ? root : Path.Combine(root, p.Source.ModuleDir);
    }

    public DriverModule? ModuleOf(LoadedPackage p)
    {
        if (p.Package.Module is not { } m) return null;
        var dir = DirOf(p);
        var moduleDir = p.Source.DiskDir is null ? ModuleRootOf(dir, p.Source.ModuleDir) : FindGoModDir(dir);
        // a vendored package's module has no directory of its own (go list prints neither Dir nor GoMod)
        if (!m.Main && p.Source.DiskDir is not null && moduleDir is not null && dir.StartsWith(Path.Combine(moduleDir, "vendor") + "/", StringComparison.Ordinal))
            moduleDir = null;
        var goMod = moduleDir is null ? null : Path.Combine(moduleDir, "go.mod");
        return new DriverModule(m.Path, m.Main ? null : m.Version, m.Main, moduleDir, goMod is not null && File.Exists(goMod) ? goMod : null, m.GoVersion);
    }

    public string TestMainFile(LoadedPackage lp)
    {
        var p = lp.Package;
        var dir = DirOf(lp);
        string Read(string name)
        {
            var path = Path.Combine(dir, name);
            return overlay.TryGetValue(path, out var edited) ? Encoding.UTF8.GetString(edited) : PackageFiles.ReadText(store, lp.Source, name);
        }
        var funcs = TestSourceScanner.ScanPackage(p, Read);
        var text = Encoding.UTF8.GetBytes(TestMainSource.Generate(p.ImportPath, funcs, TestSourceScanner.MainImportsPackage(p), p.XTestGoFiles.Count > 0));
        var target = Path.Combine(_root, "testmain", Core.Digest.Of(text).Hash[..32], "_testmain.go");
        if (!File.Exists(target))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var tmp = $"{target}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(tmp, text);
            File.Move(tmp, target, overwrite: true);
        }
        return target;
    }

    public string ShortPosition(string position)
    {
        var full = Path.IsPathRooted(position) ? position : Path.Combine(workspaceRoot, position);
        var rel = Path.GetRelativePath(workingDirectory, full);
        return rel.Length < full.Length && !rel.StartsWith("..", StringComparison.Ordinal) ? rel : full;
    }

    /// The module's directory under the view root, materialized on first use (atomically: into a temporary
    /// directory renamed into place, so a concurrent driver sees the whole tree or none of it).
    private string ModuleView(Core.Digest tree, ModuleVersion module)
    {
        lock (_lock)
        {
            if (_views.TryGetValue(tree, out var known)) return known;
            var top = Path.Combine(_root, "modules", tree.Hash[..32]);
            var dir = Path.Combine(top, ModuleCachePaths.ExtractedDir(module));
            if (!Directory.Exists(top))
            {
                var tmp = $"{top}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
                store.Materialize(tree, Path.Combine(tmp, ModuleCachePaths.ExtractedDir(module)));
                try { Directory.Move(tmp, top); }
                catch (IOException) when (Directory.Exists(top)) { DeleteTree(tmp); } // another driver made it meanwhile
            }
            _views[tree] = dir;
            return dir;
        }
    }

    /// The import path of a directory inside a module view (`.../gopackages/modules/TREE/MODULE@VERSION/DIR`), or
    /// null when `dir` is not in one.
    public static string? ImportPathInView(string dir)
    {
        var marker = $"{Path.DirectorySeparatorChar}gopackages{Path.DirectorySeparatorChar}modules{Path.DirectorySeparatorChar}";
        var at = dir.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return null;
        var parts = dir[(at + marker.Length)..].Split(Path.DirectorySeparatorChar);
        var versioned = Array.FindIndex(parts, 1, part => part.Contains('@', StringComparison.Ordinal));
        if (versioned < 0) return null;
        var escaped = string.Join('/', parts[1..(versioned + 1)]);
        if (ModulePathEscaping.Unescape(escaped[..escaped.LastIndexOf('@')]) is not { } module) return null;
        var rel = string.Join('/', parts[(versioned + 1)..]);
        return rel.Length == 0 ? module : module + "/" + rel;
    }

    private static void DeleteTree(string dir)
    {
        foreach (var d in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories)) File.SetAttributes(d, FileAttributes.Normal);
        Directory.Delete(dir, recursive: true);
    }

    private static string ModuleRootOf(string packageDir, string relDir)
    {
        var up = relDir.Length == 0 ? 0 : relDir.Split('/').Length;
        var dir = packageDir;
        for (var i = 0; i < up; i++) dir = Path.GetDirectoryName(dir)!;
        return dir;
    }

    private static string? FindGoModDir(string dir)
    {
        for (var d = dir; d is not null; d = Path.GetDirectoryName(d))
        {
            if (File.Exists(Path.Combine(d, "go.mod"))) return d;
        }
        return null;
    }
}
