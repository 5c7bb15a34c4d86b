using Kiln.Engine;
using Kiln.Go.Build;
using Kiln.Go.Modules;
using Kiln.Go.Packages;
using Kiln.Go.Rules;
using Kiln.Go.Test;

namespace Kiln.Cli.Commands;

/// One Go command's run on the engine: the rules over this session, the builder every compile and link goes
/// through, and the workspace's traces (loaded before, saved after when they changed).
internal sealed class GoEngineRun
{
    private readonly TraceDatabase _database;
    private LoadedGraph? _graph;
    private readonly Core.Profiling.ProfileRecorder? _profile;

    private readonly bool _traced;
    private readonly GoTester _tester;

    private GoEngineRun(GoSession session, Invocation inv, CancellationTokenSource? stopOnFailure, bool traced)
    {
        _traced = traced;
        Session = session;
        var executor = inv.Executor(Exec.SandboxMode.Directory);
        PackageSource SourceOf(GoPackage p) => _graph?.Find(p.ImportPath)?.Source ?? session.Loader.SourceOf(p);
        Builder = new GoBuilder(inv.Store, executor, session.Sdk, session.Config, inv.Stats, SourceOf)
        {
            GoModOf = m => MainGoMod(session, m),
            BackendConcurrency = new(() => BackendConcurrency.For(inv.Jobs, Environment.ProcessorCount, inv.Host.Get("GOMAXPROCS"),
                inv.Host.Get("GO19CONCURRENTCOMPILATION"))),
            HostVariables = inv.Host.Variables,
            HostDirectory = inv.Host.CurrentDirectory,
        };
        _tester = new GoTester(inv.Store, executor, session.Sdk, inv.Stats, SourceOf, Builder);
        var services = new GoRuleServices
        {
            Store = inv.Store,
            Loader = session.Loader,
            Roots = session.Roots,
            WorkspaceRoot = session.Root,
            Builder = Builder,
            GoModOf = Builder.GoModOf,
            ManifestOf = m => session.Roots.FirstOrDefault(r => r.Manifest.MainModule == m.Module?.Path)?.Manifest,
        };
        _database = new TraceDatabase(inv.Store, session.Root);
        // A remote cache turned on (or uploads) re-checks every action against it, so a shared cache gets filled.
        var remote = $"remote {(inv.Store.Remote is null ? "off" : "on")} upload={(inv.Store.UploadToRemote ? 1 : 0)}\n";
        _profile = inv.Profile;
        var loading = _profile?.Now() ?? 0;
        var preloaded = session.TakePreloadedTraces();
        var previous = traced ? preloaded ?? _database.Load(notice => inv.Observer.On(new Core.Warning(notice))) : null;
        _profile?.EngineWork("traces loaded", "engine", loading, node: 0);
        Engine = GoRules.Create(services, GoRules.Settings(session.Sdk, session.Config, Builder, session.Roots) + remote, inv.Time, _tester)
            .Build(previous, _profile);
        if (stopOnFailure is not null) Engine.FailureRecorded = _ => stopOnFailure.Cancel();
    }

    public GoSession Session { get; }
    public GoBuilder Builder { get; }
    /// The tester the engine's test rule runs (a command sets where its output goes as it comes).
    public GoTester Tester => _tester;
    public BuildEngine Engine { get; }

    /// The graph ResolveAsync resolved.
    public ResolvePackages? Graph { get; private set; }

    /// `stopOnFailure`: cancelled by the first failing compile or link (null with --keep-going). `traced`: false for
    /// a run whose sources are not the files on disk (editor overlays), which neither trusts nor writes the traces.
    public static GoEngineRun Open(GoSession session, Invocation inv, CancellationTokenSource? stopOnFailure = null, bool traced = true) =>
        new(session, inv, stopOnFailure, traced);

    /// Resolves the graph and makes it the builder's (every compile reaches only packages of it).
    public async Task<LoadedGraph> ResolveAsync(ResolvePackages key, CancellationToken ct)
    {
        var graph = await Engine.GetAsync(key, ct);
        _graph = graph;
        Graph = key;
        Builder.UsePackages([.. graph.All.Select(p => p.Package)]);
        _tester.UseRoots(graph.Matched);
        return graph;
    }

    /// `--explain`: why each action re-runs, on stderr as it starts (the lines `kiln why` shows afterwards).
    public void ExplainAsActionsStart(Invocation inv)
    {
        var root = Session.Root;
        Engine.RerunStarted = reason =>
        {
            if (RerunExplanation.Explain(reason, root) is not { } line) return;
            lock (inv.Err) inv.Err.WriteLine("why: " + line);
        };
    }

    /// Writes the traces when this run changed them (a no-op run writes nothing), and why each action re-ran
    /// (for `kiln why`).
    public void Save(bool recordWhy = true)
    {
        if (!_traced) return;
        var saving = _profile?.Now() ?? 0;
        if (Engine.TracesChanged()) _database.Save(Engine.Traces());
        _profile?.EngineWork("traces saved", "engine", saving, node: 0);
        if (!recordWhy) return;
        _database.SaveWhy([.. Engine.Reruns.Select(r => RerunExplanation.Explain(r, Session.Root)).OfType<string>().Order(StringComparer.Ordinal)]);
    }

    /// The workspace's trace database (for `kiln why`).
    public static TraceDatabase Database(Invocation inv, string workspaceRoot) => new(inv.Store, workspaceRoot);

    /// The go.mod of the workspace module providing `main` (for its godebug lines), parsed now.
    /// The file whose go and godebug lines set a main package's GODEBUG defaults: its module's go.mod, or in
    /// workspace mode the go.work (modload's MainModules.GoVersion and Godebugs), read as a go.mod of those lines.
    internal static GoModFile? MainGoMod(GoSession session, GoPackage main)
    {
        if (session.Roots.FirstOrDefault(r => r.Manifest.MainModule == main.Module?.Path) is not { } root) return null;
        if (root.ReplaceBase is not null && session.GoWork is { } work)
            return new GoModFile(work.FileName, null, null, work.Go, null, new(work.Godebug), Core.EquatableArray<GoModRequire>.Empty,
                Core.EquatableArray<GoModExclude>.Empty, Core.EquatableArray<GoModReplace>.Empty, Core.EquatableArray<GoModRetract>.Empty);
        var file = Path.Combine(root.Dir, "go.mod");
        return File.Exists(file) ? GoModFile.Parse(Path.GetRelativePath(session.Root, file), File.ReadAllBytes(file)) : null;
    }
}
