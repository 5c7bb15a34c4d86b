using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Kiln.Core;
using Kiln.Exec;
using Kiln.Go.Modules;
using Kiln.Go.Packages;
using Kiln.Go.Sdk;
using Kiln.Store;

namespace Kiln.Go.Build;

/// `kiln build`: one compile action per package, computed once per run (a memoized async graph: a package's
/// compile starts when its direct imports' export data is known, so independent packages compile in
/// parallel up to the executor's job limit), then one link action per main package. Every action is cached
/// by its REAPI key, so an unchanged package is never recompiled, and a dependency whose export data did not
/// change leaves its dependents' keys unchanged (early cutoff).
public sealed class GoBuilder
{
    private readonly LocalStore _store;
    private readonly CachingExecutor _executor;
    private readonly GoSdk _sdk;
    private readonly BuildConfig _config;
    private readonly RunStats _stats;
    private readonly Func<GoPackage, PackageSource> _sourceOf;
    private readonly GoTools _tools;

    /// The tools (and C compiler, found and hashed once) every action of this run uses; test actions share them.
    internal GoTools Tools => _tools;
    private readonly CompileAction _compile;
    private readonly LinkAction _link;
    private readonly Regex _sandboxSrc;
    private readonly Regex _sandboxRoot;
    private readonly ConcurrentDictionary<string, Lazy<Task<CompiledPackage>>> _compiled = new(StringComparer.Ordinal);
    private Dictionary<string, GoPackage> _packages = [];
    /// Each listed package's compile priority (SchedulePriority.Chains), computed when the first compile asks.
    private Lazy<Dictionary<string, int>> _chains = new(() => []);
    /// The compiles waiting for their imports' compiles, and those imports (WaitFor).
    private readonly Dictionary<string, List<string>> _waiting = new(StringComparer.Ordinal);

    public GoBuilder(LocalStore store, CachingExecutor executor, GoSdk sdk, BuildConfig config, RunStats stats, Func<GoPackage, PackageSource> sourceOf)
    {
        _store = store;
        _executor = executor;
        _sdk = sdk;
        _config = config;
        _stats = stats;
        _sourceOf = sourceOf;
        _tools = new GoTools(sdk, config, store);
        _compile = new CompileAction(store, _tools, _tools.CCompiler is { } cc ? new CgoAction(_tools, cc) : null);
        _link = new LinkAction(store, _tools);
        var sandboxes = Regex.Escape(store.SandboxRoot.TrimEnd('/'));
        _sandboxSrc = new Regex(sandboxes + "/[0-9a-f]{32}/root/src/", RegexOptions.CultureInvariant);
        _sandboxRoot = new Regex(sandboxes + "/[0-9a-f]{32}/root/", RegexOptions.CultureInvariant);
    }

    /// `--keep-going`: after a failure, build everything that does not depend on it. Without it the first
    /// failure cancels the rest: no action starts after it (and those running are stopped).
    public bool KeepGoing { get; init; }

    private CancellationTokenSource? _stop;

    /// The compiler's back-end concurrency, as go chooses it (see Build.BackendConcurrency); 1: no `-c`. Lazy: only a
    /// compile reads it (a bad GO19CONCURRENTCOMPILATION fails a build, as in go, never a list).
    public Lazy<int> BackendConcurrency { get; init; } = new(1);

    /// The go.mod of a main package's main module, for its `godebug` lines (null: none).
    public Func<GoPackage, GoModFile?> GoModOf { get; init; } = _ => null;

    /// Compiles every package of `packages` (a `--deps` listing) that `roots` reach and links each main root;
    /// throws the failures (all of them, as one error) if any.
    /// `manifestOf` gives the module manifest of a main package's module (for its build information).
    public async Task<IReadOnlyList<BuiltBinary>> BuildAsync(IReadOnlyList<GoPackage> packages, IReadOnlyList<GoPackage> roots,
        Func<GoPackage, ModuleManifest?> manifestOf, IReadOnlyList<string> linkFlags, CancellationToken ct)
    {
        var result = await BuildAllAsync(packages, roots, manifestOf, linkFlags, ct);
        return result.Failures.Count > 0 ? throw BuildErrors.Failed(result.Failures) : result.Binaries;
    }

    /// BuildAsync that returns failures with the binaries that did link (with KeepGoing, all that could).
    public async Task<BuildResult> BuildAllAsync(IReadOnlyList<GoPackage> packages, IReadOnlyList<GoPackage> roots,
        Func<GoPackage, ModuleManifest?> manifestOf, IReadOnlyList<string> linkFlags, CancellationToken ct)
    {
        UsePackages(packages);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _stop = stop;
        await ((Task)Task.WhenAll(roots.Select(r => CompileAsync(r.ImportPath, stop.Token)))).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var mains = roots.Where(r => r.Name == "main").ToList();
        var links = mains.Select(m => LinkAsync(m, manifestOf(m), linkFlags, stop.Token)).ToList();
        await ((Task)Task.WhenAll(links)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop = null;
        ct.ThrowIfCancellationRequested();
        var faults = _compiled.Values.Where(l => l.IsValueCreated).Select(l => (Task)l.Value).Concat(links)
            .Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).Distinct().ToList();
        if (faults.FirstOrDefault(e => e is not (KilnException or OperationCanceledException)) is { } bug)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(bug);
        var binaries = new List<BuiltBinary>();
        foreach (var link in links.Where(l => l.IsCompletedSuccessfully)) binaries.Add(await link);
        return new BuildResult(binaries, [.. faults.OfType<KilnException>().OrderBy(e => e.Message, StringComparer.Ordinal)]);
    }

    /// The packages of a `--deps` listing the compiles below may reach (BuildAsync sets them itself).
    public void UsePackages(IReadOnlyList<GoPackage> packages)
    {
        _packages = packages.ToDictionary(p => p.ImportPath, StringComparer.Ordinal);
        _chains = new(() => SchedulePriority.Chains(packages, DirectImports));
    }

    /// p's compile priority: its chain in the listing, else (a test variant's own package, a test main) its own weight.
    private int PriorityOf(GoPackage p) => _chains.Value.TryGetValue(p.ImportPath, out var chain) ? chain : SchedulePriority.Weight(p);

    internal GoPackage? Package(string importPath) => _packages.GetValueOrDefault(importPath);

    internal PackageSource SourceOf(GoPackage p) => _sourceOf(p);

    /// Where ordinary compiles go instead of this builder's own memo (an engine rule's context, so they become
    /// dependencies of the rule that asked); null: the memo.
    private Func<string, CancellationToken, Task<CompiledPackage>>? _compileVia;

    /// This builder, with ordinary compiles requested through `compile` (the test rule's engine context).
    internal GoBuilder WithCompiler(Func<string, CancellationToken, Task<CompiledPackage>> compile)
    {
        var copy = (GoBuilder)MemberwiseClone();
        copy._compileVia = compile;
        return copy;
    }

    internal Task<CompiledPackage> CompileAsync(string importPath, CancellationToken ct) => _compileVia is { } via ? via(importPath, ct) :
        _compiled.GetOrAdd(importPath, ip => new Lazy<Task<CompiledPackage>>(() => Task.Run(async () =>
        {
            try { return await DoCompileAsync(ip, ct); }
            catch (KilnException) when (StopUnlessKeepGoing()) { throw; }
        }, ct))).Value;

    /// An exception filter: cancels the rest of the build after a failure (without KeepGoing); never catches.
    private bool StopUnlessKeepGoing()
    {
        if (!KeepGoing) _stop?.Cancel();
        return false;
    }

    /// Whether p's compile runs cgo in this configuration.
    internal bool UsesCgo(GoPackage p) => _config.CgoEnabled && p.CgoFiles.Count > 0;

    /// What p's compile imports: its imports, the implicit ones of cgo (runtime/cgo and syscall, except where
    /// cgo is told not to) and a main package's link dependencies (runtime, and runtime/race with -race).
    internal IEnumerable<string> DirectImports(GoPackage p)
    {
        var imports = p.Imports.Where(i => i is not ("unsafe" or "C")).ToList();
        void Add(string ip)
        {
            if (!imports.Contains(ip)) imports.Add(ip);
        }
        if (_config.CgoEnabled && p.CgoFiles.Count > 0)
        {
            if (!(p.Standard && p.ImportPath == "runtime/cgo")) Add("runtime/cgo");
            if (!(p.Standard && p.ImportPath is "runtime/cgo" or "runtime/race" or "runtime/msan" or "runtime/asan")) Add("syscall");
        }
        if (p.Name == "main") Add("runtime");
        if (p.Name == "main" && !p.ForceLibrary && _config.Race) Add("runtime/race");
        return imports;
    }

    private async Task<CompiledPackage> DoCompileAsync(string importPath, CancellationToken ct)
    {
        if (!_packages.TryGetValue(importPath, out var p)) throw PackageErrors.UnexpectedOutput(importPath, "imported package was not listed");
        if (p.Error is { } error) throw BuildErrors.PackageHasErrors(importPath, error);
        if (_config.CgoEnabled && p.CgoFiles.Count > 0) CgoFlags.Check(p); // before any dependency compiles
        var imports = DirectImports(p).ToList();
        WaitFor(importPath, imports);
        try
        {
            var deps = await Task.WhenAll(imports.Select(i => CompileAsync(i, ct)));
            return await CompileWithAsync(p, _sourceOf(p), deps, ct);
        }
        finally
        {
            lock (_waiting) _waiting.Remove(importPath);
        }
    }

    /// The flags of a package's `#cgo pkg-config:` words, run once per run for each directory and words.
    internal PkgConfig.Flags PkgConfigOf(string importPath, string dir, IReadOnlyList<string> directives) =>
        _pkgConfig.GetOrAdd((dir, string.Join('\0', directives)), _ => PkgConfig.Query(importPath, directives, dir, HostVariables));

    /// Where pkg-config runs for a package, as go runs it in the package's directory: a stored module's package
    /// has none on disk, so the command's working directory.
    internal string PkgConfigDir(PackageSource source) => source.DiskDir ?? HostDirectory;

    /// The environment and working directory of the command, where `#cgo pkg-config:` runs (PkgConfig).
    public IReadOnlyDictionary<string, string> HostVariables { get; init; } = new Dictionary<string, string>();
    public string HostDirectory { get; init; } = "/";

    private readonly ConcurrentDictionary<(string Dir, string Directives), PkgConfig.Flags> _pkgConfig = new();

    /// Records that importPath's compile waits for its imports' compiles; an import cycle the listing did not
    /// report (the loader reports them all) would make it wait for itself: that is an error with the chain.
    private void WaitFor(string importPath, List<string> imports)
    {
        lock (_waiting)
        {
            _waiting[importPath] = imports;
            var chain = new List<string> { importPath };
            var seen = new HashSet<string>(StringComparer.Ordinal);
            bool Reaches(string at)
            {
                foreach (var next in _waiting.GetValueOrDefault(at) ?? [])
                {
                    chain.Add(next);
                    if (next == importPath || (seen.Add(next) && Reaches(next))) return true;
                    chain.RemoveAt(chain.Count - 1);
                }
                return false;
            }
            if (!Reaches(importPath)) return;
            _waiting.Remove(importPath);
            throw PackageErrors.ImportCycles([ImportCycles.Describe(chain, ImportCycles.Message)]);
        }
    }

    /// Compiles `p` from `source` against exactly the given compiled imports: a package as listed, or a test
    /// variant (`p [p.test]`), an external test package or a generated test main. `predicted`: the files outside
    /// the sandbox its last cgo compile read (PredictedReads), when the caller has already stamped them.
    internal async Task<CompiledPackage> CompileWithAsync(GoPackage p, PackageSource source, IReadOnlyList<CompiledPackage> deps, CancellationToken ct,
        IReadOnlyList<string>? predicted = null)
    {
        var importPath = p.ImportPath;
        var usesCgo = _config.CgoEnabled && p.CgoFiles.Count > 0;
        if (usesCgo && p.CgoPkgConfig.Count > 0) p = PkgConfig.Apply(p, PkgConfigOf(p.ImportPath, PkgConfigDir(source), p.CgoPkgConfig));
        if (usesCgo) CgoFlags.Check(p);
        var keyed = usesCgo ? predicted ?? PredictedReads(p, source) : [];
        var check = new ReadsCheck(keyed, CgoReads.OutputPath, CgoReadsOf);
        var clock = usesCgo ? UndeclaredReads.FileClockNs(_store) : null;
        ProcessRequest Request(IReadOnlyList<string> reads)
        {
            var request = _compile.Request(p, source, deps, usesCgo ? DependencySyso(p) : null, BackendConcurrency.Value, UndeclaredReads.Describe(reads));
            return request with { Priority = PriorityOf(p) };
        }
        var (request, result) = await _executor.ExecuteAsync("compile " + importPath, () => Request(keyed), usesCgo ? check.Accept : null, ct);
        if (!result.Succeeded)
            throw BuildErrors.CompileFailed(importPath, Relativize(Output(result), p.Standard ? null : p.Dir));
        var executed = result.Outcome == ActionOutcome.Executed;
        _stats.GoCompiled(executed);
        IReadOnlyList<string> read = usesCgo ? check.Read(result) : [];
        if (usesCgo) UndeclaredReads.Remember(_store, CgoReads.MarkKind, CgoMarkKey(p, source), keyed, read);
        if (executed && !read.All(keyed.Contains))
        {
            // Described after the run: cached under that key too when none of them changed since it started, so the
            // next run, keyed on them, reuses this one.
            var rekeyed = Request(read);
            if (UndeclaredReads.Settled(read, clock)) await _executor.CacheAlsoAsync(rekeyed, result, ct);
        }
        return new CompiledPackage(importPath, Digest(result, CompileAction.ExportPath, request.Description),
            Digest(result, CompileAction.ObjectPath, request.Description), executed)
        {
            CoverMeta = result.OutputFile(CompileAction.CoverMetaPath) is { } meta && meta.Digest.SizeBytes > 0 ? LocalStore.FromProto(meta.Digest) : null,
            Reads = new(read),
        };
    }

    /// The files outside the sandbox that p's last cgo compile in this store read (see CgoReads); none without cgo.
    internal IReadOnlyList<string> PredictedReads(GoPackage p, PackageSource source) =>
        UsesCgo(p) ? UndeclaredReads.Recall(_store, CgoReads.MarkKind, CgoMarkKey(p, source)) : [];

    private Core.Digest CgoMarkKey(GoPackage p, PackageSource source) =>
        CgoReads.MarkKey(p.ImportPath, _config, source.DiskDir ?? source.Tree.ToString());

    /// The reads a cgo compile's result records; null when its record is missing from the store (not sound to reuse).
    private IReadOnlyList<string>? CgoReadsOf(Store.Reapi.OutputFile? file) =>
        file is not null && _store.TryReadBytes(LocalStore.FromProto(file.Digest)) is { } bytes
            ? CgoReads.Outside(Encoding.UTF8.GetString(bytes), [_store.Root, _store.SandboxRoot, .. _sdk.ToolDirectories])
            : null;

    private async Task<BuiltBinary> LinkAsync(GoPackage main, ModuleManifest? manifest, IReadOnlyList<string> linkFlags, CancellationToken ct)
    {
        var closure = Closure(main.ImportPath);
        var compiled = await Task.WhenAll(closure.Select(p => CompileAsync(p.ImportPath, ct)));
        ct.ThrowIfCancellationRequested();
        return await LinkMainAsync(main, closure, compiled, manifest, GoModOf(main), linkFlags, ct);
    }

    /// Links `main` with its closure (as Closure lists it) compiled, with its build information and godebug defaults.
    /// `toolFlags`: the graph's -gcflags and -asmflags, recorded in the build information as go records them.
    internal async Task<BuiltBinary> LinkMainAsync(GoPackage main, IReadOnlyList<GoPackage> closure, IReadOnlyList<CompiledPackage> compiled,
        ModuleManifest? manifest, GoModFile? goMod, IReadOnlyList<string> linkFlags, CancellationToken ct, (string? Gc, string? Asm) toolFlags = default)
    {
        var godebug = DefaultGodebug.For(_sdk.GoRoot, goMod?.Go ?? manifest?.GoVersion ?? main.Module?.GoVersion, goMod,
            GoDebugDirective.ReadPackage(_store, main, _sourceOf(main), _config.CgoEnabled));
        var modInfo = ModInfo.Text(main, closure, manifest, _config, _tools, godebug, toolFlags.Gc, toolFlags.Asm);
        var fileName = BinaryName(main.ImportPath) + (_config.GoOs == "windows" ? ".exe" : "");
        return await LinkWithAsync(main, compiled, fileName, modInfo, godebug, linkFlags, ct);
    }

    /// The `.syso` files of the std packages p reaches (runtime/race's race detector), for its cgo probe link.
    private List<string> DependencySyso(GoPackage p) =>
        [.. Closure(p.ImportPath).Skip(1).Where(d => d.Standard && d.SysoFiles.Count > 0)
            .SelectMany(d => d.SysoFiles.Select(f => Path.Combine(_sourceOf(d).DiskDir!, f))).Order(StringComparer.Ordinal)];

    /// The listed packages `importPath` reaches through imports, itself first.
    internal List<GoPackage> Closure(string importPath)
    {
        var closure = new List<GoPackage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string ip)
        {
            if (!seen.Add(ip) || !_packages.TryGetValue(ip, out var p)) return;
            closure.Add(p);
            foreach (var i in DirectImports(p)) Visit(i);
        }
        Visit(importPath);
        return closure;
    }

    /// Links `main` (compiled under its import path, and listed in `compiled`) with exactly these link objects.
    internal async Task<BuiltBinary> LinkWithAsync(GoPackage main, IReadOnlyList<CompiledPackage> compiled, string fileName, string modInfo,
        string godebug, IReadOnlyList<string> linkFlags, CancellationToken ct)
    {
        var (request, result) = await _executor.ExecuteAsync("link " + main.ImportPath,
            () => _link.Request(main, compiled, fileName, modInfo, godebug, linkFlags) with { Priority = SchedulePriority.EndOfChain }, ct);
        if (!result.Succeeded) throw BuildErrors.LinkFailed(main.ImportPath, Relativize(Output(result), null));
        var executed = result.Outcome == ActionOutcome.Executed;
        _stats.GoLinked(executed);
        return new BuiltBinary(main.ImportPath, main.Dir, fileName, Digest(result, "out/" + fileName, request.Description), executed);
    }

    /// go build's binary name: the last element of the import path, skipping a `/vN` major-version suffix.
    public static string BinaryName(string importPath)
    {
        var parts = importPath.Split('/');
        var last = parts[^1];
        if (parts.Length > 1 && last.Length > 1 && last[0] == 'v' && last[1..].All(char.IsAsciiDigit)) last = parts[^2];
        return last;
    }

    private string Output(ExecutionResult result) =>
        Encoding.UTF8.GetString(_executor.ReadStderr(result)) + Encoding.UTF8.GetString(_executor.ReadStdout(result));

    /// A failed action's output (stderr, then stdout) with sandbox paths made workspace-relative.
    internal string ActionOutput(ExecutionResult result, string? packageDir) => Relativize(Output(result), packageDir);

    /// Sandbox paths become workspace-relative (`pkg/dir/file.go:3:5`), as people expect from the go command.
    private string Relativize(string text, string? packageDir)
    {
        var prefix = packageDir is null or "." or "" ? "" : packageDir + "/";
        return _sandboxRoot.Replace(_sandboxSrc.Replace(text, prefix), "");
    }

    private static Core.Digest Digest(ExecutionResult result, string path, string description) =>
        result.OutputFile(path) is { } f ? LocalStore.FromProto(f.Digest) : throw BuildErrors.MissingOutput(description, path);
}
