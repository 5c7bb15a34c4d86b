using System.CommandLine;
using Kiln.Core;
using Kiln.Exec;
using Kiln.Go.Build;
using Kiln.Go.Modules;
using Kiln.Go.Packages;
using Kiln.Go.Sdk;

namespace Kiln.Cli.Commands;

/// The wiring every Go command shares: workspace root → kiln.toml → SDK → build configuration → each
/// go.mod's stored module manifest → package loader.
internal sealed record GoSession(string Root, GoSdk Sdk, BuildConfig Config, IReadOnlyList<ModuleRoot> Roots, PackageLoader Loader, JobLimiter Jobs)
{
    /// The workspace's trace database, read on another thread while the session opens (it needs only the store
    /// and the workspace root); the first engine run of the session takes it.
    private Task<Engine.TraceSet>? _traces;

    /// The traces read while the session opened, once (a second run reads the database again: the first one may
    /// have saved it since).
    public Engine.TraceSet? TakePreloadedTraces() =>
        Interlocked.Exchange(ref _traces, null) is { } loading ? loading.GetAwaiter().GetResult() : null;

    /// The go.work the session builds in (null: module mode).
    public GoWorkFile? GoWork { get; private init; }

    /// The user's -gcflags and -asmflags (GOFLAGS' values, then the command line's).
    public PerPackageFlag Gcflags { get; private init; } = new("gcflags", EquatableArray<string>.Empty);
    public PerPackageFlag Asmflags { get; private init; } = new("asmflags", EquatableArray<string>.Empty);

    /// The package graph of `patterns` from `cwd`, with this session's per-package tool flags.
    public Go.Rules.ResolvePackages Graph(string cwd, IEnumerable<string> patterns, bool tests) =>
        new(cwd, new EquatableArray<string>(patterns), tests) { Gcflags = Gcflags.Values, Asmflags = Asmflags.Values };

    /// `packages` with this session's per-package tool flags, for a run that lists them without the engine.
    public IReadOnlyList<GoPackage> WithToolFlags(IReadOnlyList<GoPackage> packages, IReadOnlyCollection<string> named, string cwd) =>
        Gcflags.Values.Count + Asmflags.Values.Count == 0 ? packages
            : [.. packages.Select(p => PerPackageFlag.Apply(p, Gcflags, Asmflags, Loader.SourceOf(p).DiskDir, named.Contains(p.ImportPath), cwd))];

    /// `defaultCgo`: CGO_ENABLED when neither the flag nor the environment sets it (null: the SDK's default).
    /// `tags`: build tags given another way than --tags (a driver request's -tags), which then win.
    public static async Task<GoSession> OpenAsync(ParseResult parsed, GoOptions options, Invocation inv, bool? defaultCgo, CancellationToken ct,
        string? tags = null)
    {
        var opening = inv.Profile?.Now() ?? 0;
        var goFlags = GoFlagsVariable.From(inv.Host.Variables);
        var gcflags = PerPackageFlag.From("gcflags", goFlags, parsed.GetValue(options.Gcflags));
        var asmflags = PerPackageFlag.From("asmflags", goFlags, parsed.GetValue(options.Asmflags));
        var workspace = Workspace.Locate(inv.Host.CurrentDirectory, inv.Host.Variables);
        var root = workspace.Root;
        var database = GoEngineRun.Database(inv, root);
        var traces = Task.Run(() => database.Load(notice => inv.Observer.On(new Core.Warning(notice))), ct);
        var kilnConfig = inv.Config;
        var jobs = new JobLimiter(inv.Jobs);
        var sdk = await new GoSdkLocator(inv.Store, jobs).LocateAsync(kilnConfig.GoSdk, inv.Host.SearchPath, ct);
        inv.Profile?.EngineWork("go sdk located", "session", opening, node: 0);
        var modulesFrom = inv.Profile?.Now() ?? 0;
        var config = BuildConfigResolver.Resolve(sdk, kilnConfig.Build, parsed.GetValue(options.GoOs), parsed.GetValue(options.GoArch),
            parsed.GetValue(options.Cgo), tags ?? parsed.GetValue(options.Tags), inv.Host, defaultCgo, parsed.GetValue(options.Race));

        var moduleStore = new ModuleStore(inv.Store);
        var downloader = new ModuleDownloader(moduleStore, sdk, jobs, new DownloadEnvironment(inv.Host.Variables), inv.Stats) { Profile = inv.Profile };
        var roots = new List<ModuleRoot>();
        var modFlag = Vendoring.ModFlag(inv.Host.Variables);
        var used = workspace.UsedModuleDirs();
        var goWork = workspace.ReadGoWork();
        if (goWork is { } work && Vendoring.WorkspaceVendors(workspace.GoWork!, work.Go, modFlag))
            throw GoModuleErrors.WorkspaceVendoringUnsupported(work.FileName);
        foreach (var dir in workspace.ModuleDirs)
        {
            var label = workspace.Label(dir);
            if (!used.Contains(Path.GetFullPath(dir)) && VendorRoot(workspace, dir, label, modFlag, sdk) is { } vendored)
            {
                roots.Add(vendored);
                continue;
            }
            var unit = workspace.UnitFor(dir);
            var manifest = await downloader.TryLoadManifestAsync(unit, ct)
                ?? (parsed.GetValue(options.AllowDownload) ? (await downloader.DownloadAsync(unit, ct)).Manifest : throw GoModuleErrors.NotDownloaded($"the modules of {unit.Label}"));
            roots.Add(RootFor(workspace, dir, label, unit, manifest));
        }

        inv.Profile?.EngineWork("module manifests loaded", "session", modulesFrom, node: 0);
        var analyzer = new PackageAnalyzer(inv.Store, inv.Executor(SandboxMode.Directory), sdk, config);
        var loader = new PackageLoader(inv.Store, moduleStore, analyzer, sdk, config, inv.Stats, root);
        return new GoSession(root, sdk, config, roots, loader, jobs) { _traces = traces, Gcflags = gcflags, Asmflags = asmflags, GoWork = goWork };
    }

    /// The root of a go.mod built from its vendor directory, when the go command would build it so: its build
    /// list is vendor/modules.txt's and no module of the store is needed.
    private static ModuleRoot? VendorRoot(Workspace workspace, string dir, string label, string? modFlag, GoSdk sdk)
    {
        if (modFlag != "vendor" && !Directory.Exists(Path.Combine(dir, "vendor"))) return null; // the common case: go.mod not even read
        var goModLabel = label == "." ? "go.mod" : $"{label}/go.mod";
        var goMod = GoModFile.Parse(goModLabel, File.ReadAllBytes(Path.Combine(dir, "go.mod")));
        var toolchain = sdk.Version.StartsWith("go", StringComparison.Ordinal) ? sdk.Version[2..] : sdk.Version;
        if (Vendoring.For(dir, workspace.Root, goMod, modFlag, toolchain) is not { } vendoring) return null;
        var manifest = new ModuleManifest(goMod.ModulePath ?? throw GoModuleErrors.MissingModuleLine(goModLabel), goMod.Go, vendoring.List.BuildList(), []);
        return new ModuleRoot(dir, label, manifest) { Vendor = vendoring };
    }

    /// A go.mod's root. Under a go.work every `use` module shares the workspace's manifest: each is its own main
    /// module, sees the others as main modules too, and resolves local replacements from the go.work's directory.
    private static ModuleRoot RootFor(Workspace workspace, string dir, string label, DownloadUnit unit, ModuleManifest manifest)
    {
        if (unit.GoWork is null || workspace.GoWork is not { } goWork) return new ModuleRoot(dir, label, manifest);
        var used = unit.Roots
            .Select(r => new WorkspaceModule(r.ModulePath ?? "", Path.GetFullPath(Path.GetDirectoryName(r.FileName) ?? "", workspace.Root), r.Go))
            .ToList();
        var self = used.Single(u => u.Dir == Path.GetFullPath(dir));
        return new ModuleRoot(dir, label, manifest with { MainModule = self.Path, GoVersion = self.GoVersion })
        {
            WorkspaceModules = [.. used.Where(u => u != self)],
            ReplaceBase = Path.GetDirectoryName(goWork),
        };
    }

    public Task<IReadOnlyList<GoPackage>> ListAsync(string workingDirectory, IReadOnlyList<string> patterns, bool deps, bool tests, CancellationToken ct) =>
        Loader.ListAsync(Roots, new ListRequest(workingDirectory, patterns, deps, tests), ct);
}
