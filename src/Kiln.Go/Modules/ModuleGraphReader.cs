namespace Kiln.Go.Modules;

/// Loads the requirement graph from the main module's roots like cmd/go's readModGraph (modload/buildlist.go):
/// a module loaded under pruning contributes its requirements as nodes but they are not expanded unless the module
/// itself is unpruned (a go line before 1.17, or none), and everything below an unpruned module is expanded transitively.
internal sealed class ModuleGraphReader(GoModFile main, IModFileSource source)
{
    private readonly string _mainPath = main.ModulePath!;
    private readonly HashSet<ModuleVersion> _excluded = [.. main.Exclude.Select(e => e.Module)];
    private readonly Dictionary<ModuleVersion, ModuleSummary> _summaries = [];
    private readonly Dictionary<ModuleVersion, ModuleVersion> _exactReplace = main.Replace.Where(r => r.Old.Version.Length > 0)
        .GroupBy(r => r.Old).ToDictionary(g => g.Key, g => g.Last().New);
    private readonly Dictionary<string, ModuleVersion> _wildcardReplace = main.Replace.Where(r => r.Old.Version.Length == 0)
        .GroupBy(r => r.Old.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().New, StringComparer.Ordinal);

    public string MainPath => _mainPath;

    public bool IsExcluded(ModuleVersion m) => _excluded.Contains(m);

    /// The requirement edges and selected (maximum) version of every path reachable from roots.
    public (Dictionary<ModuleVersion, IReadOnlyList<ModuleVersion>> Required, Dictionary<string, string> Selected) Read(
        IReadOnlyList<ModuleVersion> roots, bool pruned)
    {
        var required = new Dictionary<ModuleVersion, IReadOnlyList<ModuleVersion>>();
        var selected = new Dictionary<string, string>(StringComparer.Ordinal) { [_mainPath] = "" };
        void Require(ModuleVersion m, IReadOnlyList<ModuleVersion> reqs)
        {
            required[m] = reqs;
            foreach (var r in reqs)
                if (!selected.TryGetValue(r.Path, out var v) || (v.Length > 0 && SemVer.Compare(v, r.Version) < 0)) selected[r.Path] = r.Version;
        }
        Require(new ModuleVersion(_mainPath, ""), roots);

        var queue = new Queue<(ModuleVersion Module, bool Pruned)>();
        var enqueued = new HashSet<(ModuleVersion, bool)>();
        void Enqueue(ModuleVersion m, bool underPruning)
        {
            if (enqueued.Add((m, underPruning))) queue.Enqueue((m, underPruning));
        }
        foreach (var r in roots) Enqueue(r, pruned);
        while (queue.TryDequeue(out var item))
        {
            var summary = Summary(item.Module);
            if (!required.ContainsKey(item.Module)) Require(item.Module, summary.Requires);
            var next = item.Pruned && summary.Pruned;
            foreach (var r in summary.Requires)
                if (!item.Pruned || !summary.Pruned) Enqueue(r, next);
        }
        return (required, selected);
    }

    /// The main module's replacement for m (version-specific first, then wildcard), or m itself.
    public ModuleVersion Resolve(ModuleVersion m) =>
        _exactReplace.TryGetValue(m, out var exact) ? exact : _wildcardReplace.TryGetValue(m.Path, out var any) ? any : m;

    private ModuleSummary Summary(ModuleVersion m)
    {
        if (_summaries.TryGetValue(m, out var cached)) return cached;
        var actual = Resolve(m);
        var name = actual.Version.Length == 0 ? $"{actual.Path}/go.mod" : $"{actual.Path}@{actual.Version}/go.mod";
        var file = GoModFile.ParseLax(name, source.ReadGoMod(actual));
        if (actual.Version.Length > 0)
        {
            if (file.ModulePath is null) throw GoModuleErrors.DependencyMissingModuleLine(actual);
            if (file.ModulePath != m.Path && file.ModulePath != actual.Path) throw GoModuleErrors.ModulePathMismatch(actual, file.ModulePath, m.Path);
        }
        var pruned = file.Go is not null && GoVersion.Compare(file.Go, GoVersion.PruningVersion) >= 0;
        var summary = new ModuleSummary([.. file.Require.Select(r => r.Module).Where(r => !_excluded.Contains(r))], pruned);
        _summaries[m] = summary;
        return summary;
    }
}
