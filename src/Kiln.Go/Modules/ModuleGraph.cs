using Kiln.Core;

namespace Kiln.Go.Modules;

/// The main module's requirement graph and its build list, computed like Go 1.23's `go list -m all`: minimal
/// version selection with graph pruning (main go line ≥ 1.17), the main module's replace and exclude directives.
public sealed class ModuleGraph
{
    private readonly Dictionary<ModuleVersion, IReadOnlyList<ModuleVersion>> _required;
    private readonly Dictionary<string, string> _selected;

    private readonly ModuleGraphReader _reader;

    private ModuleGraph(ModuleGraphReader reader, string mainPath, bool pruned, Dictionary<ModuleVersion, IReadOnlyList<ModuleVersion>> required, Dictionary<string, string> selected)
    {
        (_reader, MainModulePath, IsPruned, _required, _selected) = (reader, mainPath, pruned, required, selected);
        BuildList = new([new ModuleVersion(mainPath, ""), .. selected
            .Where(s => s.Key != mainPath && s.Key is not ("go" or "toolchain"))
            .Select(s => new ModuleVersion(s.Key, s.Value))
            .OrderBy(m => m.Path, Utf8Ordinal.Instance)]);
    }

    /// The main module's path.
    public string MainModulePath { get; }

    /// Whether the graph is pruned (the main module's go line is 1.17 or later).
    public bool IsPruned { get; }

    /// The main module (empty version), then every selected module sorted by path, as `go list -m all` prints them.
    public EquatableArray<ModuleVersion> BuildList { get; }

    /// Loads the graph; pruned roots that are not selected are raised to their selected versions until consistent
    /// (what `-mod=mod` does; `-mod=readonly` would report go.mod as needing an update instead).
    public static ModuleGraph Load(GoModFile main, IModFileSource source)
    {
        if (main.ModulePath is null) throw GoModuleErrors.MainModuleWithoutPath(main.FileName);
        var pruned = GoVersion.Compare(main.Go ?? GoVersion.DefaultGoModVersion, GoVersion.PruningVersion) >= 0;
        var reader = new ModuleGraphReader(main, source);
        IReadOnlyList<ModuleVersion> roots = [.. main.Require.Select(r => r.Module).Where(m => !reader.IsExcluded(m))];
        while (true)
        {
            var (required, selected) = reader.Read(roots, pruned);
            if (!pruned || roots.All(r => selected[r.Path] == r.Version)) return new ModuleGraph(reader, reader.MainPath, pruned, required, selected);
            roots = [.. roots.Select(r => r.Path).Where(p => p != reader.MainPath).Distinct(StringComparer.Ordinal)
                .Select(p => new ModuleVersion(p, selected[p]))];
        }
    }

    /// The module whose files provide module: the main go.mod's replacement (version-specific, then wildcard) or module itself.
    public ModuleVersion Resolve(ModuleVersion module) => module.Version.Length == 0 ? module : _reader.Resolve(module);

    /// The selected version of a module path; "" for the main module, null when the path is not in the graph.
    public string? Selected(string path) => _selected.TryGetValue(path, out var v) ? v : null;

    /// The go.mod requirements of a loaded module version; empty for versions the graph did not load (pruned out).
    public IReadOnlyList<ModuleVersion> RequirementsOf(ModuleVersion module) => _required.TryGetValue(module, out var r) ? r : [];

    /// The build-list modules reachable from module (itself included) following requirements at their selected versions, sorted by path.
    public EquatableArray<ModuleVersion> RequirementClosure(ModuleVersion module)
    {
        var seen = new HashSet<ModuleVersion> { module };
        var queue = new Queue<ModuleVersion>([module]);
        while (queue.TryDequeue(out var m))
        {
            foreach (var r in RequirementsOf(m))
            {
                var s = new ModuleVersion(r.Path, Selected(r.Path)!);
                if (seen.Add(s)) queue.Enqueue(s);
            }
        }
        return new([.. seen.Where(m => m.Path is not ("go" or "toolchain")).OrderBy(m => m.Path, Utf8Ordinal.Instance)]);
    }
}
