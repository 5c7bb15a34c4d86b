using Kiln.Core;
using Kiln.Go.Modules;
using Kiln.Go.Sdk;
using Kiln.Store;

namespace Kiln.Go.Packages;

/// `kiln list`: expands patterns, then walks imports breadth-first from the matched packages, analysing
/// only what is reached: a workspace directory when one of its packages is reached, a stored module when
/// one of its packages is. Std is analysed once per SDK and configuration.
public sealed partial class PackageLoader(LocalStore store, ModuleStore modules, PackageAnalyzer analyzer, GoSdk sdk, BuildConfig config,
    RunStats stats, string workspaceRoot)
{
    /// What the go command's generated test main imports (load.TestMainDeps), plus the runtime every link needs.
    private static readonly string[] TestMainDeps = ["os", "reflect", "testing", "testing/internal/testdeps", "runtime"];

    private readonly Dictionary<string, GoPackage> _loaded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _modulesTouched = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PackageLocation> _locations = new(StringComparer.Ordinal);
    private Dictionary<string, GoPackage> _std = [];
    private readonly HashSet<string> _stdSet = new(StringComparer.Ordinal);
    private readonly Dictionary<ModuleRoot, ModuleContext> _contexts = new(ReferenceEqualityComparer.Instance);
    private readonly AnalysisBatcher _batcher = new(analyzer, stats);

    public async Task<IReadOnlyList<GoPackage>> ListAsync(IReadOnlyList<ModuleRoot> roots, ListRequest request, CancellationToken ct) =>
        (await ListMatchedAsync(roots, request, memo: null, ct)).Packages;

    /// <see cref="ListAsync"/>, with the import paths the patterns matched (with `Deps`, the packages listed are
    /// those and everything they import).
    /// With a memo (the engine's), directories are analysed through it.
    internal async Task<(IReadOnlyList<string> Matched, IReadOnlyList<GoPackage> Packages)> ListMatchedAsync(IReadOnlyList<ModuleRoot> roots,
        ListRequest request, IAnalysisMemo? memo, CancellationToken ct)
    {
        var before = stats.BytesMaterializedByLink + stats.BytesMaterializedByCopy;
        try
        {
            // Std and each go.mod's view of the module trees are the same for every listing of this loader.
            var stdLoading = _std.Count == 0 ? LoadStdAsync(ct) : null;
            var contexts = new List<ModuleContext>();
            foreach (var r in roots)
            {
                if (!_contexts.TryGetValue(r, out var context)) _contexts[r] = context = await ModuleContext.CreateAsync(store, modules, _stdSet, r, ct);
                contexts.Add(context);
            }
            if (stdLoading is not null)
            {
                // The directories the patterns name need nothing of std to be analysed: their go list runs beside std's.
                var prefetch = memo is null ? Task.CompletedTask : PrefetchDirectoriesAsync(contexts, request, memo, ct);
                await Task.WhenAll(stdLoading, prefetch).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                _std = await stdLoading;
                _stdSet.UnionWith(_std.Keys); // before any import is resolved
            }
            var matched = await MatchAsync(contexts, request, memo, ct);
            if (memo is not null && request.Deps) await PrefetchImportsAsync(matched, request, memo, ct);
            return ([.. matched.Select(m => m.Package.ImportPath)], await WalkAsync(matched, request, memo, ct));
        }
        finally
        {
            stats.MaterializedForAnalysis(stats.BytesMaterializedByLink + stats.BytesMaterializedByCopy - before);
        }
    }

    private async Task<Dictionary<string, GoPackage>> LoadStdAsync(CancellationToken ct)
    {
        var empty = store.PutDirectory(new Store.Reapi.Directory());
        var raw = await analyzer.AnalyseStdAsync(empty, ct);
        var src = sdk.GoRoot.TrimEnd('/') + "/src/";
        var result = new Dictionary<string, GoPackage>(StringComparer.Ordinal);
        foreach (var p in raw)
        {
            var dir = p.Dir.StartsWith(src, StringComparison.Ordinal) ? p.Dir[src.Length..] : p.Dir;
            result[p.ImportPath] = GoPackage.From(p, p.ImportPath, dir, null, p.Imports ?? [], errorPrefix: null) with
            {
                Deps = new EquatableArray<string>(p.Deps ?? []),
            };
        }
        return result;
    }

    private sealed record Match(ModuleContext Context, PackageLocation Location, bool NeedsGoFiles);

    private async Task<List<(ModuleContext? Context, GoPackage Package)>> MatchAsync(List<ModuleContext> contexts, ListRequest request,
        IAnalysisMemo? memo, CancellationToken ct)
    {
        var matches = new List<Match>();
        var result = new List<(ModuleContext?, GoPackage)>();
        foreach (var pattern in request.Patterns)
        {
            if (pattern == "std")
            {
                result.AddRange(_std.Values.OrderBy(p => p.ImportPath, StringComparer.Ordinal).Select(p => ((ModuleContext?)null, p)));
                continue;
            }
            if (pattern == "all")
            {
                result.AddRange(await ExpandAllAsync(contexts, memo, ct));
                continue;
            }
            if (pattern == "cmd") throw PackageErrors.UnknownPattern(pattern, "not supported yet");
            if (pattern.Contains("...", StringComparison.Ordinal) && !IsDirPattern(pattern))
            {
                matches.AddRange(WildcardMatches(contexts, new ImportPathPattern(pattern)));
                continue;
            }
            if (IsDirPattern(pattern))
            {
                matches.AddRange(DirectoryMatches(contexts, pattern, request.WorkingDirectory));
                continue;
            }
            var context = ContextFor(contexts, request.WorkingDirectory) ?? contexts.FirstOrDefault()
                ?? throw PackageErrors.NoModuleForDirectory(request.WorkingDirectory);
            var location = context.Resolve(pattern) ?? throw PackageErrors.NoModuleProvides(Path.Combine(context.Label, "go.mod"), [("command line", pattern)], sdk.GoRoot, context.Vendor?.LookupDisabled);
            matches.Add(new Match(context, location, false));
        }
        var loaded = await LoadManyAsync([.. matches.Select(m => m.Location)], memo, ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < matches.Count; i++)
        {
            if (matches[i].NeedsGoFiles && !HasGoFiles(loaded[i])) continue;
            if (seen.Add(loaded[i].ImportPath)) result.Add((matches[i].Context, loaded[i]));
        }
        return result;
    }

    /// The package directories a directory pattern (`./...`, `./cmd/x`) names, each in the module that holds it.
    private static List<Match> DirectoryMatches(List<ModuleContext> contexts, string pattern, string workingDirectory)
    {
        var recursive = pattern == "..." || pattern.EndsWith("/...", StringComparison.Ordinal);
        var baseDir = Path.GetFullPath(recursive ? pattern[..^3].TrimEnd('/') is { Length: > 0 } b ? b : "." : pattern, workingDirectory);
        if (!Directory.Exists(baseDir)) throw PackageErrors.UnknownPattern(pattern, $"directory {baseDir} does not exist");
        var matches = new List<Match>();
        foreach (var dir in recursive ? PackageDirectories.Below(baseDir) : [baseDir])
        {
            var ctx = ContextFor(contexts, dir);
            if (ctx is null)
            {
                if (recursive) continue;
                throw PackageErrors.NoModuleForDirectory(dir);
            }
            matches.Add(new Match(ctx, ctx.ForDirectory(dir)!, recursive));
        }
        return matches;
    }

    /// Analyses the directories of the request's directory patterns through the memo, where MatchAsync finds them.
    /// Any failure is left for MatchAsync to meet again and report.
    private static async Task PrefetchDirectoriesAsync(List<ModuleContext> contexts, ListRequest request, IAnalysisMemo memo, CancellationToken ct)
    {
        try
        {
            var locations = request.Patterns.Where(IsDirPattern).SelectMany(p => DirectoryMatches(contexts, p, request.WorkingDirectory))
                .Select(m => m.Location).ToList();
            if (locations.Count > 0) await memo.GetAsync(locations, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException) { }
    }

    /// An import-path wildcard (`corpus.example/large/...`, `net/...`) against std, the workspace's modules and
    /// local replacements, and the stored modules of each build list, as module mode matches it (nested
    /// modules, testdata, vendor, `_x` and `.x` directories excluded). Sorted by import path.
    private IEnumerable<Match> WildcardMatches(List<ModuleContext> contexts, ImportPathPattern pattern)
    {
        var found = new SortedDictionary<string, Match>(StringComparer.Ordinal);
        foreach (var path in _std.Keys.Where(pattern.Matches))
            found.TryAdd(path, new Match(contexts[0], PackageLocation.Std(path), false));
        foreach (var ctx in contexts)
        {
            foreach (var location in ctx.Candidates(pattern.CanMatchWithin))
            {
                if (pattern.Matches(location.ImportPath) && (location.Local is null || ContextFor(contexts, location.DiskDir!) == ctx))
                    found.TryAdd(location.ImportPath, new Match(ctx, location, true));
            }
        }
        return found.Values;
    }

    /// `all` in module mode (go ≥ 1.17): the main modules' packages, everything they import, and what their
    /// tests import, transitively over plain imports (no implicit cgo, runtime or test-main imports, no tests
    /// of other packages). Sorted by import path, as the go command prints it.
    private async Task<List<(ModuleContext? Context, GoPackage Package)>> ExpandAllAsync(List<ModuleContext> contexts, IAnalysisMemo? memo,
        CancellationToken ct)
    {
        var found = new SortedDictionary<string, (ModuleContext?, GoPackage)>(StringComparer.Ordinal);
        var unresolved = new List<(string Position, string ImportPath, string GoMod, string? LookupDisabled)>();
        var starts = new List<(ModuleContext Context, PackageLocation Location)>();
        foreach (var ctx in contexts)
        {
            foreach (var dir in PackageDirectories.Below(ctx.Main.Dir).Where(d => ContextFor(contexts, d) == ctx))
                starts.Add((ctx, ctx.ForDirectory(dir)!));
        }
        var loadedStarts = await LoadManyAsync([.. starts.Select(s => s.Location)], memo, ct);
        // Packages known but not yet followed; std ones are known at once, the others a wave at a time.
        var work = new Queue<(ModuleContext? Context, GoPackage Package, bool Main)>();
        for (var i = 0; i < starts.Count; i++)
        {
            if (HasGoFiles(loadedStarts[i]) && found.TryAdd(loadedStarts[i].ImportPath, (starts[i].Context, loadedStarts[i])))
                work.Enqueue((starts[i].Context, loadedStarts[i], true));
        }
        while (work.Count > 0)
        {
            var next = new List<(ModuleContext Context, PackageLocation Location)>();
            while (work.TryDequeue(out var item))
            {
                var (ctx, p, main) = item;
                var imports = main ? p.Imports.Concat(p.TestImports).Concat(p.XTestImports) : p.Imports;
                foreach (var path in imports.Distinct(StringComparer.Ordinal))
                {
                    if (path == "C" || found.ContainsKey(path)) continue;
                    var location = p.Standard || ctx is null ? (_std.ContainsKey(path) ? PackageLocation.Std(path) : null) : ctx.Resolve(path);
                    if (location is null)
                    {
                        if (ctx is not null && !p.Standard) unresolved.Add((PositionOf(p, path), path, Path.Combine(ctx.Label, "go.mod"), ctx.Vendor?.LookupDisabled));
                        continue;
                    }
                    if (location.IsStd)
                    {
                        found[path] = (null, _std[path]);
                        work.Enqueue((null, _std[path], false));
                        continue;
                    }
                    found[path] = (ctx, null!); // reserved; filled when the wave is loaded
                    next.Add((ctx!, location));
                }
            }
            var loaded = await LoadManyAsync([.. next.Select(n => n.Location)], memo, ct);
            for (var i = 0; i < next.Count; i++)
            {
                found[next[i].Location.ImportPath] = (next[i].Context, loaded[i]);
                work.Enqueue((next[i].Context, loaded[i], false));
            }
        }
        if (unresolved.Count > 0)
            throw PackageErrors.NoModuleProvides(unresolved[0].GoMod, unresolved.Select(u => (u.Position, u.ImportPath)), sdk.GoRoot, unresolved[0].LookupDisabled);
        return [.. found.Values];
    }

    private static bool HasGoFiles(GoPackage p) => p.GoFiles.Count + p.CgoFiles.Count + p.TestGoFiles.Count + p.XTestGoFiles.Count > 0;

    private static bool IsDirPattern(string pattern) => pattern is "." or ".." or "..." || pattern.StartsWith("./", StringComparison.Ordinal)
        || pattern.StartsWith("../", StringComparison.Ordinal) || pattern.StartsWith('/');

    private static ModuleContext? ContextFor(List<ModuleContext> contexts, string dir) => contexts
        .Where(c => dir == c.GoModDir || dir.StartsWith(c.GoModDir.TrimEnd('/') + "/", StringComparison.Ordinal))
        .MaxBy(c => c.GoModDir.Length);

    private async Task<List<GoPackage>> WalkAsync(List<(ModuleContext? Context, GoPackage Package)> matched, ListRequest request,
        IAnalysisMemo? memo, CancellationToken ct)
    {
        var unresolved = new List<(string Position, string ImportPath, string GoMod, string? LookupDisabled)>();
        List<(string Importer, string Error)>? depsErrors = null;
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var all = new Dictionary<string, GoPackage>(StringComparer.Ordinal);
        var frontier = new List<(ModuleContext? Context, GoPackage Package, bool Root)>();
        foreach (var (ctx, p) in matched)
        {
            all[p.ImportPath] = p;
            frontier.Add((ctx, p, true));
        }
        while (frontier.Count > 0)
        {
            var next = new List<(ModuleContext?, PackageLocation)>();
            foreach (var (ctx, p, root) in frontier)
            {
                var targets = new List<string>();
                foreach (var path in EdgesOf(p, root && request.Tests))
                {
                    if (path == "C") continue;
                    if (p.Standard || ctx is null)
                    {
                        targets.Add(path);
                        if (_std.ContainsKey(path) && !all.ContainsKey(path)) { all[path] = _std[path]; }
                        continue;
                    }
                    if (ctx.Resolve(path) is not { } location)
                    {
                        if (ctx.ReplacementWithoutGoMod(path) is { } bad) throw PackageErrors.ReplacementNotAModule(PositionOf(p, path), path, bad.Directive, bad.Target);
                        if (!request.KeepErrors)
                        {
                            unresolved.Add((PositionOf(p, path), path, Path.Combine(ctx.Label, "go.mod"), ctx.Vendor?.LookupDisabled));
                            continue;
                        }
                        // go list -e: the import is a package of its own that carries the error, and without
                        // -deps the importer's DepsErrors hold it
                        targets.Add(path);
                        var missing = PackageErrors.Unresolved(path, PositionOf(p, path), sdk.GoRoot, ctx.Vendor?.LookupDisabled);
                        if (!request.Deps) (depsErrors ??= []).Add((p.ImportPath, missing.Error!));
                        else if (!all.ContainsKey(path))
                        {
                            all[path] = missing;
                            edges[path] = [];
                        }
                        continue;
                    }
                    targets.Add(path);
                    if (request.Deps && !all.ContainsKey(path))
                    {
                        all[path] = null!; // reserved; filled below
                        next.Add((ctx, location));
                    }
                }
                // a std package's Deps are its closure: order it by its direct imports, as `go list -deps` does
                edges[p.ImportPath] = p.Standard ? StdEdges(p) : targets;
            }
            if (!request.Deps) break;
            var loaded = await LoadManyAsync([.. next.Select(n => n.Item2)], memo, ct);
            frontier = [];
            for (var i = 0; i < next.Count; i++)
            {
                all[loaded[i].ImportPath] = loaded[i];
                frontier.Add((next[i].Item1, loaded[i], false));
            }
            // std packages reached through Deps are complete already: list their edges without walking them again
            foreach (var (path, p) in all.Where(kv => kv.Value is { Standard: true } && !edges.ContainsKey(kv.Key)).ToList())
                edges[path] = StdEdges(p);
        }
        if (unresolved.Count > 0)
            throw PackageErrors.NoModuleProvides(unresolved[0].GoMod, unresolved.Select(u => (u.Position, u.ImportPath)), sdk.GoRoot, unresolved[0].LookupDisabled);
        if (!request.Deps)
        {
            return [.. matched.Select(m => depsErrors?.Where(d => d.Importer == m.Package.ImportPath).Select(d => d.Error).ToList() is { Count: > 0 } errors
                ? m.Package with { DepsErrors = new EquatableArray<string>(errors) } : m.Package)];
        }
        var cycles = MarkImportCycles(matched.Select(m => m.Package.ImportPath).ToList(), all, request.Tests);
        if (cycles.Count > 0 && !request.KeepErrors) throw PackageErrors.ImportCycles(cycles);
        return Order(matched.Select(m => m.Package.ImportPath), edges, all);
    }

    /// Sets the go command's import-cycle errors (ImportCycles) on the packages of a `--deps` walk, a matched
    /// package's TestError when its internal test closes a cycle, and every package's DepsErrors. Only the
    /// walk's copies change: the stack of a cycle error depends on the roots.
    /// Returns the cycle errors, in the order the go command prints them (by package, as listed).
    private List<string> MarkImportCycles(List<string> roots, Dictionary<string, GoPackage> all, bool tests)
    {
        var imports = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        IReadOnlyList<string>? ImportsOf(string ip)
        {
            if (!all.TryGetValue(ip, out var p) || p is null || p.Standard) return null;
            if (!imports.TryGetValue(ip, out var list))
                imports[ip] = list = [.. EdgesOf(p, tests: false).Where(e => e != "C" && all.ContainsKey(e))];
            return list;
        }
        var tested = tests ? roots.Select(r => all[r]).Where(p => p is { Standard: false, HasTests: true }).ToList() : [];
        var more = tested.SelectMany(p => new (string, IReadOnlyList<string>)[]
            { ($"{p.ImportPath} (test)", [.. p.TestImports]), ($"{p.ImportPath}_test", [.. p.XTestImports]) });
        var cycles = new List<string>();
        foreach (var (ip, stack) in ImportCycles.Find(roots, ImportsOf, more))
        {
            if (all[ip].Error is not null) continue;
            all[ip] = all[ip] with { Error = ImportCycles.Describe(stack, ImportCycles.Message) };
            cycles.Add(all[ip].Error!);
        }
        foreach (var p in tested.Where(p => p.TestGoFiles.Count > 0 || p.Name == "main"))
        {
            if (ImportCycles.FindInTest(p.ImportPath, p.TestImports.Concat(ImportsOf(p.ImportPath) ?? []), ImportsOf) is { } chain)
                all[p.ImportPath] = all[p.ImportPath] with { TestError = ImportCycles.Describe(chain, ImportCycles.TestMessage) };
        }

        // DepsErrors: each error goes to every package that reaches its package through at least one import.
        var importers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var ip in all.Keys)
        {
            foreach (var dep in ImportsOf(ip) ?? []) (importers.TryGetValue(dep, out var l) ? l : importers[dep] = []).Add(ip);
        }
        var depsErrors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (ip, p) in all.Where(kv => kv.Value is { Standard: false, Error: not null }).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<string>([ip]);
            while (queue.TryDequeue(out var at))
            {
                foreach (var importer in importers.GetValueOrDefault(at) ?? [])
                {
                    if (!seen.Add(importer)) continue;
                    (depsErrors.TryGetValue(importer, out var l) ? l : depsErrors[importer] = []).Add(p.Error!);
                    queue.Enqueue(importer);
                }
            }
        }
        foreach (var (ip, errors) in depsErrors) all[ip] = all[ip] with { DepsErrors = new(errors) };
        return cycles;
    }

    /// A std package's imports in the go command's order: as written (go list's Imports order), then the
    /// implicit imports of cgo.
    private List<string> StdEdges(GoPackage p)
    {
        var edges = p.Imports.Where(i => i != "C").Select(i => p.ImportMap.TryGetValue(i, out var m) ? m : i).ToList();
        if (p.CgoFiles.Count > 0 && config.CgoEnabled) edges.AddRange(["unsafe", "runtime/cgo", "syscall"]);
        return [.. edges.Distinct(StringComparer.Ordinal)];
    }

    /// Dependency-first, as `go list -deps` prints: a post-order walk from the matches over each package's
    /// edges in the order the go command visits them (imports, then implicit ones).
    private static List<GoPackage> Order(IEnumerable<string> roots, Dictionary<string, List<string>> edges, Dictionary<string, GoPackage> all)
    {
        var result = new List<GoPackage>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string path)
        {
            if (!done.Add(path) || !all.TryGetValue(path, out var p)) return;
            foreach (var e in edges.TryGetValue(path, out var es) ? es : []) Visit(e);
            result.Add(p);
        }
        foreach (var r in roots) Visit(r);
        foreach (var p in all.Keys.Order(StringComparer.Ordinal)) Visit(p);
        return result;
    }

    /// The packages `go list -deps` would reach from p: its imports, the implicit imports of cgo and of a
    /// main package's link, and for a tested root its test imports and the test main's.
    private IEnumerable<string> EdgesOf(GoPackage p, bool tests)
    {
        if (p.Standard) return p.Deps;
        var edges = new List<string>(p.Imports);
        if (p.CgoFiles.Count > 0 && config.CgoEnabled) edges.AddRange(["unsafe", "runtime/cgo", "syscall"]);
        if (p.Name == "main") edges.Add("runtime");
        if (config.Race && (p.Name == "main" || (tests && p.HasTests))) edges.Add("runtime/race"); // the link's, as go's LinkerDeps
        if (tests && p.HasTests)
        {
            edges.AddRange(p.TestImports);
            edges.AddRange(p.XTestImports);
            edges.AddRange(TestMainDeps);
        }
        return edges.Distinct(StringComparer.Ordinal);
    }

    private static string KeyOf(PackageLocation l) =>
        l.Local is not null ? "local:" + l.DiskDir : l.ThirdParty is { } t ? $"mod:{t.Source}:{l.RelDir}" : "std:" + l.ImportPath;

    /// Analyses a wave of packages together: cache hits start nothing, and all misses share one go command.
    /// A package with embeds is analysed again with its directory's whole subtree.
    private async Task<GoPackage[]> LoadManyAsync(IReadOnlyList<PackageLocation> locations, IAnalysisMemo? memo, CancellationToken ct)
    {
        var result = new GoPackage[locations.Count];
        var todo = new List<(int Index, PackageLocation Location, string Label)>();
        for (var i = 0; i < locations.Count; i++)
        {
            var l = locations[i];
            if (l.IsStd) result[i] = _std[l.ImportPath];
            else if (_loaded.TryGetValue(KeyOf(l), out var known)) result[i] = known;
            else todo.Add((i, l, LabelOf(l)));
        }
        foreach (var t in todo.Select(t => t.Location.ThirdParty).OfType<ThirdPartyModule>())
        {
            if (_modulesTouched.Add(t.Source.ToString())) stats.ModuleTouched();
        }
        var first = await AnalyseAsync(todo.Select(t => (t.Location, t.Label)).ToList(), memo, ct);
        var embedding = Enumerable.Range(0, todo.Count).Where(k => first[k].Package.HasEmbeds).ToList();
        var second = await analyzer.AnalyseDirectoriesAsync([.. embedding.Select(k => (FilesOf(todo[k].Location, subtree: true), todo[k].Label))], ct);
        for (var k = 0; k < todo.Count; k++)
        {
            var (raw, prefix) = first[k];
            var e = embedding.IndexOf(k);
            if (e >= 0)
            {
                (raw, prefix, var cached) = second[e];
                if (memo is not null) stats.PackagesFromAnalysis(1, cached); // else counted with the first pass
            }
            var (index, location, label) = todo[k];
            var module = location.Local?.Info ?? location.ThirdParty!.Info;
            var package = Build(raw, location, label, module, prefix);
            _loaded[KeyOf(location)] = package;
            _locations[package.ImportPath] = location;
            result[index] = package;
        }
        return result;
    }

    /// Each directory's analysis: through the memo (which counts what it looks up and analyses), else straight from
    /// the analyzer.
    private async Task<IReadOnlyList<(GoListPackage Package, string Prefix)>> AnalyseAsync(
        List<(PackageLocation Location, string Label)> dirs, IAnalysisMemo? memo, CancellationToken ct)
    {
        if (memo is null)
        {
            var analysed = await analyzer.AnalyseDirectoriesAsync([.. dirs.Select(d => (FilesOf(d.Location, subtree: false), d.Label))], ct);
            foreach (var a in analysed) stats.PackagesFromAnalysis(1, a.Cached);
            return [.. analysed.Select(a => (a.Package, a.Prefix))];
        }
        var found = await memo.GetAsync([.. dirs.Select(d => d.Location)], ct);
        return [.. found.Select(f => (f.Package, f.Prefix))];
    }

    /// A workspace directory's or a stored module directory's analysis (<see cref="AnalysedDirectory"/>): found in
    /// the cache, or analysed in a batch with the other directories that missed it meanwhile. What the engine's
    /// memo keeps per directory.
    internal async Task<AnalysedDirectory> AnalyseDirectoryAsync(string? diskDir, Core.Digest moduleTree, string relDir, string label,
        CancellationToken ct)
    {
        var files = diskDir is not null ? FilesOf(diskDir) : ModuleFiles(moduleTree, relDir, label, subtree: false);
        if (await analyzer.TryGetCachedAsync(files, label, ct) is { } hit)
        {
            stats.PackagesFromAnalysis(1, cached: true);
            return new AnalysedDirectory(files, hit.Package, hit.Prefix);
        }
        var (package, prefix) = await _batcher.AnalyseAsync(files, label, ct);
        return new AnalysedDirectory(files, package, prefix);
    }

    /// How this loader labels a workspace directory in messages (relative to the workspace root).
    internal string LabelOfDirectory(string dir) => Label(dir);

    private string LabelOf(PackageLocation l) => l.Local is not null ? Label(l.DiskDir!)
        : l.RelDir.Length == 0 ? l.ThirdParty!.Source.ToString() : $"{l.ThirdParty!.Source}/{l.RelDir}";

    /// Where the files of a package this loader listed are (call after ListAsync).
    public PackageSource SourceOf(GoPackage p)
    {
        if (p.Standard) return PackageSource.OnDisk(Path.Combine(sdk.GoRoot, "src", p.Dir));
        if (!_locations.TryGetValue(p.ImportPath, out var l))
        {
            if (p.Error is not null && p.Dir.Length == 0) return new PackageSource(null, default); // an import nothing provides (go list -e)
            throw PackageErrors.UnexpectedOutput(p.ImportPath, "package was not listed by this loader");
        }
        return l.Local is not null ? PackageSource.OnDisk(l.DiskDir!)
            : PackageSource.Stored(FilesOf(l, subtree: true)) with { ModuleTree = l.ThirdParty!.Tree.Root, ModuleDir = l.RelDir };
    }

    /// A package directory's files only (a package's key does not change when a subdirectory does), or its
    /// whole subtree for embeds. Module directories come from the stored tree, never from disk.
    private Core.Digest FilesOf(PackageLocation l, bool subtree)
    {
        if (l.Local is not null) return subtree ? store.Snapshot(l.DiskDir!) : FilesOf(l.DiskDir!);
        return ModuleFiles(l.ThirdParty!.Tree.Root, l.RelDir, LabelOf(l), subtree);
    }

    private Core.Digest ModuleFiles(Core.Digest tree, string relDir, string label, bool subtree)
    {
        var digest = DirectoryIn(tree, relDir, label)!.Value;
        if (subtree) return digest;
        var full = store.TryReadDirectory(digest) ?? throw StoreErrors.MissingBlob(digest, "module tree");
        var files = new Store.Reapi.Directory();
        files.Files.AddRange(full.Files);
        files.Symlinks.AddRange(full.Symlinks);
        return store.PutDirectory(files);
    }

    /// The digest of `relDir` inside a stored module tree. Without a label, null when the tree has no such directory
    /// or lacks a blob on the way; with one, either is an error naming it.
    private Core.Digest? DirectoryIn(Core.Digest tree, string relDir, string? label = null)
    {
        var digest = tree;
        foreach (var part in relDir.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (store.TryReadDirectory(digest) is not { } dir) return label is null ? null : throw StoreErrors.MissingBlob(digest, "module tree");
            if (dir.Directories.FirstOrDefault(d => d.Name == part) is not { } child)
                return label is null ? null : throw PackageErrors.UnexpectedOutput(label, "directory missing from the module tree");
            digest = LocalStore.FromProto(child.Digest);
        }
        return digest;
    }

    private static GoPackage Build(GoListPackage raw, PackageLocation location, string label, GoPackageModule module, string prefix)
    {
        // GOPATH mode enforces import comments, which module mode ignores.
        if (raw.Error is { } e && e.Err.Contains("expects import", StringComparison.Ordinal)) raw.Error = null;
        return GoPackage.From(raw, location.ImportPath, label, module, raw.Imports ?? [], prefix);
    }

    /// A directory's regular files only: a package's analysis key does not change when a subdirectory does. Go
    /// files are cut to the header `go list` reads (<see cref="GoFileHeader"/>): an edit below the imports
    /// leaves the key as it was, and the analysis is a cache hit.
    private Core.Digest FilesOf(string dir)
    {
        DiskNames.RequireUtf8(dir, filesOnly: true); // .NET's enumeration would leave such a file out silently; go builds it
        var builder = new TreeBuilder(store);
        var any = false;
        var edited = Overlay.Count == 0 ? null : OverlaidFiles(dir);
        foreach (var file in DirectoryFiles.Of(dir)) // symlink loops and dangling links are not files, as for go
        {
            if (edited?.ContainsKey(file.Name) == true) continue;
            builder.AddFile(file.Name, AnalysedContent(file.FullPath), file.Executable);
            any = true;
        }
        foreach (var (name, bytes) in edited ?? [])
        {
            builder.AddFile(name, AnalysedContent(name, bytes), executable: false);
            any = true;
        }
        return any ? builder.Build() : store.PutDirectory(new Store.Reapi.Directory());
    }

    /// Editor buffers (go/packages' overlay: absolute path to unsaved contents) that replace or add files on disk,
    /// as `go list -overlay` reads them. Set before listing; a listing with an overlay must not share traces
    /// with one without (the engine verifies files on disk).
    public IReadOnlyDictionary<string, byte[]> Overlay { get; set; } = new Dictionary<string, byte[]>();

    private Dictionary<string, byte[]>? OverlaidFiles(string dir)
    {
        var full = Path.GetFullPath(dir);
        Dictionary<string, byte[]>? found = null;
        foreach (var (path, bytes) in Overlay)
        {
            if (Path.GetDirectoryName(path) == full) (found ??= new(StringComparer.Ordinal))[Path.GetFileName(path)] = bytes;
        }
        return found;
    }

    private Core.Digest AnalysedContent(string name, byte[] bytes) =>
        name.EndsWith(".go", StringComparison.Ordinal) ? store.PutBytes(bytes.AsSpan(0, GoFileHeader.Length(bytes))) : store.PutBytes(bytes);

    private Core.Digest AnalysedContent(string path)
    {
        if (!path.EndsWith(".go", StringComparison.Ordinal)) return store.PutFile(path);
        return AnalysedContent(path, File.ReadAllBytes(path));
    }

    private string Label(string dir)
    {
        var rel = Path.GetRelativePath(workspaceRoot, dir).Replace('\\', '/');
        return rel == "." ? "." : rel;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?:[\p{L}_][\p{L}\p{Nd}_]*|\.)$")]
    private static partial System.Text.RegularExpressions.Regex ImportName();

    /// `dir/file.go:line:col` of the first import of `path` in the package's files, as the go command reports it.
    private string PositionOf(GoPackage p, string path)
    {
        var quoted = "\"" + path + "\"";
        var dir = Path.Combine(workspaceRoot, p.Dir);
        if (!p.Standard && Directory.Exists(dir))
        {
            foreach (var file in p.GoFiles.Concat(p.CgoFiles).Concat(p.TestGoFiles).Concat(p.XTestGoFiles))
            {
                var full = Path.Combine(dir, file);
                if (!File.Exists(full)) continue;
                var lines = File.ReadAllLines(full);
                for (var i = 0; i < lines.Length; i++)
                {
                    var col = lines[i].IndexOf(quoted, StringComparison.Ordinal);
                    // go reports the import spec, which starts at its name when it has one (`_ "p"`, `. "p"`, `x "p"`)
                    if (col >= 0 && ImportName().Match(lines[i][..col].TrimEnd()) is { Success: true } name && name.Value != "import") col = name.Index;
                    if (col >= 0) return $"{(p.Dir == "." ? "" : p.Dir + "/")}{file}:{i + 1}:{col + 1}";
                }
            }
        }
        return p.Dir;
    }
}
