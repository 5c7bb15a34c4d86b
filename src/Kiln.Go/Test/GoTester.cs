using System.Diagnostics;
using System.Text;
using Kiln.Core;
using Kiln.Exec;
using Kiln.Go.Build;
using Kiln.Go.Packages;
using Kiln.Go.Sdk;
using Kiln.Go.Vet;
using Kiln.Store;

namespace Kiln.Go.Test;

/// `kiln test`: for each matched package with test files, builds its test binary (TestBinaryBuilder, sharing
/// one GoBuilder so every ordinary package compiles once per run) and runs it as a cached action
/// (TestRunAction). Packages are tested in parallel up to the executor's job limit; results come back in
/// the order of the matches, as go test prints them.
public sealed class GoTester
{
    private readonly LocalStore _store;
    private readonly CachingExecutor _executor;
    private readonly GoSdk _sdk;
    private readonly RunStats _stats;
    private readonly Func<GoPackage, PackageSource> _sourceOf;
    private readonly GoBuilder _builder;
    private readonly GoTools _tools;

    public GoTester(LocalStore store, CachingExecutor executor, GoSdk sdk, BuildConfig config, RunStats stats, Func<GoPackage, PackageSource> sourceOf)
        : this(store, executor, sdk, stats, sourceOf, new GoBuilder(store, executor, sdk, config, stats, sourceOf))
    {
    }

    /// A tester whose compiles and links go through `builder` (the engine run's).
    public GoTester(LocalStore store, CachingExecutor executor, GoSdk sdk, RunStats stats, Func<GoPackage, PackageSource> sourceOf, GoBuilder builder)
    {
        _store = store;
        _executor = executor;
        _sdk = sdk;
        _stats = stats;
        _sourceOf = sourceOf;
        _builder = builder;
        _tools = _builder.Tools;
    }

    /// Gets a running test binary's output as it is written (the package's import path and a chunk), when the
    /// command shows it as it comes (TestOutputPrinter); null: output is read once the run is over.
    public Action<string, ReadOnlyMemory<byte>>? LiveOutput { get; set; }

    /// `all` is a `--deps --test` listing of `matched`; one task per match, started at once. With -bench the runs
    /// take turns, as go test runs benchmarks: one package at a time, the first once every test binary is built.
    public IReadOnlyList<Task<PackageTestResult>> Start(IReadOnlyList<GoPackage> all, IReadOnlyList<GoPackage> matched, TestFlags flags, CancellationToken ct)
    {
        if (flags is { CoverMode: { } mode, CoverPackages: { } covered })
        {
            // -coverpkg: those packages are instrumented wherever they are linked, so every compile of them is.
            var set = covered.ToHashSet(StringComparer.Ordinal);
            GoPackage Cover(GoPackage p) => set.Contains(p.ImportPath) ? TestBinaryBuilder.Instrument(p, mode, emitMeta: true) : p;
            all = [.. all.Select(Cover)];
            matched = [.. matched.Select(Cover)];
        }
        _builder.UsePackages(all);
        // Instrumented packages are test units of their own (their ordinary vet gives facts only).
        UseRoots(flags.CoverMode is null ? matched.Select(p => p.ImportPath) : []);
        if (flags.Bench is null) return matched.Select(p => Task.Run(() => TestAsync(p, flags, _builder, ct), ct)).ToList();
        var turns = new RunTurns(matched.Count);
        return [.. matched.Select((p, i) => Task.Run(async () =>
        {
            try
            {
                return await TestAsync(p, flags, _builder, ct, turn: () => turns.WaitAsync(i, ct));
            }
            finally
            {
                turns.Finish(i);
            }
        }, ct))];
    }

    /// Tests p with `builder` (this tester's, or a view of it whose ordinary compiles are engine requests).
    /// `predicted`: the workspace files outside the package that its last run read (PredictedReads), when the
    /// caller has already stamped them.
    /// `turn`: waited for just before the binary runs (RunTurns).
    internal async Task<PackageTestResult> TestAsync(GoPackage p, TestFlags flags, GoBuilder builder, CancellationToken ct,
        IReadOnlyList<string>? predicted = null, Func<Task>? turn = null)
    {
        if (!p.HasTests && flags.CoverMode is { } mode && (flags.CoverPackages?.Contains(p.ImportPath) ?? true))
            return await CoverWithoutTestsAsync(p, mode, flags, builder, ct);
        if (!p.HasTests)
        {
            // go test vets a package without test files too, and fails it on a finding.
            if (!flags.Vet.Off && p.Error is null && await VetAsync(p, flags.Vet, new TestBinaryBuilder(builder, _store, _tools), ct) is { } failed)
                return failed;
            return new PackageTestResult(p.ImportPath, TestVerdict.NoTestFiles, "", TimeSpan.Zero, Cached: false);
        }
        if (_builder.Package(p.ImportPath)?.TestError is { } setup) // an import cycle through its tests, as go test reports it
            return new PackageTestResult(p.ImportPath, TestVerdict.SetupFailed, $"# {p.ImportPath}\n{setup}\n", TimeSpan.Zero, Cached: false);
        var source = _sourceOf(p);
        var testBuilder = new TestBinaryBuilder(builder, _store, _tools);   // the binary and vet share p's test variants
        // Vet runs beside the binary's build (go test's vet and link actions are siblings); the run waits for both.
        var vetting = flags.Vet.Off || flags.CompileOnly ? null : VetAsync(p, flags.Vet, testBuilder, ct);
        Core.Digest binary;
        try
        {
            binary = await testBuilder.BuildAsync(p, source, flags, ct);
        }
        catch (KilnException e) when (e.Kind is ErrorKind.ActionFailed or ErrorKind.User)
        {
            // Vet's work goes on to its end first: other tests may be waiting on the vets it started, which request
            // compiles through this test's engine node, and a node must not make requests once it has finished.
            if (vetting is not null) await ((Task)vetting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return new PackageTestResult(p.ImportPath, TestVerdict.BuildFailed, Describe(e), TimeSpan.Zero, Cached: false);
        }

        if (flags.CompileOnly) return new PackageTestResult(p.ImportPath, TestVerdict.Compiled, "", TimeSpan.Zero, Cached: false) { Binary = binary };
        var result = await VetAndRunAsync(p, source, flags, binary, builder, vetting, predicted, turn, ct);
        return flags.KeepsBinary ? result with { Binary = binary } : result;
    }

    /// The rest of a test once its binary is built: vet's verdict (null: not vetted), then the cached run.
    private async Task<PackageTestResult> VetAndRunAsync(GoPackage p, PackageSource source, TestFlags flags, Core.Digest binary, GoBuilder builder,
        Task<PackageTestResult?>? vetting, IReadOnlyList<string>? predicted, Func<Task>? turn, CancellationToken ct)
    {
        if (vetting is not null && await vetting is { } vetFailed) return vetFailed;
        if (turn is not null) await turn();
        if (flags.Fuzz is not null) return await FuzzAsync(p, source, flags, binary, ct);

        var metas = new List<(string, Core.Digest)>();
        foreach (var ip in flags.CoverPackages ?? [])
        {
            // -coverpkg: every covered package's meta-data, so the percentage counts packages this test does not link.
            try
            {
                if ((await builder.CompileAsync(ip, ct)).CoverMeta is { } meta) metas.Add((ip, meta));
            }
            catch (KilnException e) when (e.Kind is ErrorKind.ActionFailed or ErrorKind.User)
            {
                return new PackageTestResult(p.ImportPath, TestVerdict.BuildFailed, Describe(e), TimeSpan.Zero, Cached: false);
            }
        }
        var workspace = WorkspaceOf(p, source);
        var keyed = workspace is null ? [] : predicted ?? PredictedReads(p, flags);
        var request = TestRunAction.Request(_store, _sdk, p, source, binary, flags, metas, UndeclaredReads.Describe(keyed));
        var started = Stopwatch.GetTimestamp();
        var check = new ReadsCheck(keyed, TestReads.LogPath, log => workspace is null ? [] : ReadsOf(log, new TestReads.Scope(workspace, p.Dir, _store.Root, _store.SandboxRoot)));
        var live = LiveOutput is { } sink ? (Action<ReadOnlyMemory<byte>>)(chunk => sink(p.ImportPath, chunk)) : null;
        var result = await _executor.ExecuteAsync(request, check.Accept, live, ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cached = result.Outcome is ActionOutcome.LocalCacheHit or ActionOutcome.RemoteCacheHit;
        var read = check.Read(result);
        if (workspace is not null)
            UndeclaredReads.Remember(_store, TestReads.MarkKind, TestReads.MarkKey(workspace, p.ImportPath, flags.BinaryArgs()), keyed, read);
        _stats.GoTested(cached, result.Succeeded);
        var output = Encoding.UTF8.GetString(_executor.ReadStdout(result));
        var profile = Profile(result);
        if (result.Succeeded) return new PackageTestResult(p.ImportPath, TestVerdict.Ok, output, elapsed, cached) { Cover = flags.CoverMode is not null, CoverProfile = profile, Reads = read, Unbuffered = flags.Bench is not null };
        var epilogue = result.TimedOut ? $"*** Test killed: ran too long ({TestFlags.GoDuration(request.Timeout!.Value)}).\n"
            : output.Length == 0 ? $"exit status {result.ExitCode}\n" : "";
        output += epilogue;
        live?.Invoke(Encoding.UTF8.GetBytes(epilogue));
        return new PackageTestResult(p.ImportPath, TestVerdict.Fail, output, elapsed, cached) { CoverProfile = profile };
    }

    /// go test -fuzz's run: the binary in the package's own directory (new failing inputs go to its testdata/fuzz),
    /// with the generated corpus kept in the store's `fuzz/IMPORT/PATH` between runs (go keeps it in GOCACHE),
    /// the declared environment of a test run, no -test.timeout, never cached.
    private async Task<PackageTestResult> FuzzAsync(GoPackage p, PackageSource source, TestFlags flags, Core.Digest binary, CancellationToken ct)
    {
        var dir = source.DiskDir ?? throw TestErrors.CannotFuzz("cannot use -fuzz flag on package outside the main module", p.ImportPath);
        var scratch = _store.NewSandbox();
        try
        {
            Directory.CreateDirectory(scratch);
            var program = Path.Combine(scratch, Build.GoBuilder.BinaryName(p.ImportPath) + ".test");
            _store.MaterializeFile(binary, BlobMode.Executable, program, "test " + p.ImportPath);
            var home = Directory.CreateDirectory(Path.Combine(scratch, "home")).FullName;
            var env = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["PATH"] = Path.Combine(_sdk.GoRoot, "bin") + ":/usr/bin:/bin",
                ["GOROOT"] = _sdk.GoRoot,
                ["HOME"] = home,
            };
            var args = flags.BinaryArgs();
            args.Insert(1, "-test.fuzzcachedir=" + Path.Combine(_store.Root, "fuzz", p.ImportPath)); // after -test.paniconexit0, as go orders them
            var live = LiveOutput is { } sink ? (Action<ReadOnlyMemory<byte>>)(chunk => sink(p.ImportPath, chunk)) : null;
            var started = Stopwatch.GetTimestamp();
            var (exit, bytes) = await HostProcess.RunAsync(program, args, env, dir, live, ct);
            var output = Encoding.UTF8.GetString(bytes);
            _stats.GoTested(cached: false, exit == 0);
            if (exit == 0) return new PackageTestResult(p.ImportPath, TestVerdict.Ok, output, Stopwatch.GetElapsedTime(started), Cached: false) { Unbuffered = true };
            if (output.Length == 0)
            {
                output = $"exit status {exit}\n";
                live?.Invoke(Encoding.UTF8.GetBytes(output));
            }
            return new PackageTestResult(p.ImportPath, TestVerdict.Fail, output, Stopwatch.GetElapsedTime(started), Cached: false);
        }
        finally
        {
            LocalStore.DeleteSandbox(scratch);
        }
    }

    private GoVetter? _vetter;
    private readonly Lock _vetterLock = new();
    private IReadOnlySet<string> _roots = new HashSet<string>(StringComparer.Ordinal);

    /// The packages this run tests or vets: one that is its own test unit is vetted once, in full, and that vet
    /// gives its importers their facts too (GoVetter.InFull).
    public void UseRoots(IEnumerable<string> importPaths)
    {
        var roots = importPaths.ToHashSet(StringComparer.Ordinal);
        lock (_vetterLock)
        {
            if (roots.SetEquals(_roots)) return;
            _roots = roots;
            _vetter = null;
        }
    }

    /// The run's vetter: one per tester, so every package's facts are computed once.
    private GoVetter Vetter(VetSetting setting)
    {
        lock (_vetterLock)
        {
            if (_vetter is null || _vetter.Setting != setting) _vetter = new GoVetter(_store, _executor, setting, _roots);
            return _vetter;
        }
    }

    /// go test's vet step: null when vet found nothing, else the package failed as go reports it
    /// (`FAIL pkg [build failed]` after the findings); a package that does not compile fails with the compiler's output.
    private async Task<PackageTestResult?> VetAsync(GoPackage p, VetSetting setting, TestBinaryBuilder testBuilder, CancellationToken ct) =>
        await VetFindingsAsync(p, setting, testBuilder, ct) is { } findings
            ? new PackageTestResult(p.ImportPath, TestVerdict.BuildFailed, findings, TimeSpan.Zero, Cached: false)
            : null;

    /// go vet of p (its test variant and external test package) with `builder`: every finding as go prints it, the
    /// compiler's output if a unit does not compile, or null when vet found nothing.
    internal Task<string?> VetFindingsAsync(GoPackage p, VetSetting setting, GoBuilder builder, CancellationToken ct) =>
        VetFindingsAsync(p, setting, new TestBinaryBuilder(builder, _store, _tools), ct);

    private async Task<string?> VetFindingsAsync(GoPackage p, VetSetting setting, TestBinaryBuilder testBuilder, CancellationToken ct)
    {
        try
        {
            return await testBuilder.VetAsync(p, _sourceOf(p), Vetter(setting), ct);
        }
        catch (KilnException e) when (e.Kind is ErrorKind.ActionFailed or ErrorKind.User)
        {
            return Describe(e);
        }
    }

    /// go test -cover on a package without test files (with -coverpkg, one it covers): compiled instrumented with its meta-data file, then
    /// `covdata percent` (its `\tpkg\t\tcoverage: 0.0% of statements` line) and, with -coverprofile, `covdata
    /// textfmt` (its blocks, all zero) as one cached action. No functions, no meta-data: `[no test files]`.
    private async Task<PackageTestResult> CoverWithoutTestsAsync(GoPackage p, string mode, TestFlags flags, GoBuilder builder, CancellationToken ct)
    {
        var noTests = new PackageTestResult(p.ImportPath, TestVerdict.NoTestFiles, "", TimeSpan.Zero, Cached: false);
        CompiledPackage compiled;
        try
        {
            if (flags.CoverPackages is not null) compiled = await builder.CompileAsync(p.ImportPath, ct); // instrumented by Start
            else
            {
                var instrumented = TestBinaryBuilder.Instrument(p, mode, emitMeta: true);
                if (p.Error is { } error) throw BuildErrors.PackageHasErrors(p.ImportPath, error);
                var deps = await Task.WhenAll(builder.DirectImports(instrumented).Select(i => builder.CompileAsync(i, ct)));
                compiled = await builder.CompileWithAsync(instrumented, _sourceOf(p), deps, ct);
            }
        }
        catch (KilnException e) when (e.Kind is ErrorKind.ActionFailed or ErrorKind.User)
        {
            return new PackageTestResult(p.ImportPath, TestVerdict.BuildFailed, Describe(e), TimeSpan.Zero, Cached: false);
        }
        if (compiled.CoverMeta is not { } meta) return noTests;
        var result = await _executor.ExecuteAsync(CoverReportAction.Request(_store, _tools, p, meta, flags.CoverProfile), ct);
        var output = Encoding.UTF8.GetString(_executor.ReadStdout(result));
        if (!result.Succeeded) return new PackageTestResult(p.ImportPath, TestVerdict.Fail, output + Encoding.UTF8.GetString(_executor.ReadStderr(result)), TimeSpan.Zero, Cached: false);
        return noTests with { Output = output, Cover = true, CoverProfile = Profile(result) };
    }

    /// The workspace files outside p's directory that p's test read in its last run in this store (see TestReads).
    internal IReadOnlyList<string> PredictedReads(GoPackage p, TestFlags flags) =>
        WorkspaceOf(p, _sourceOf(p)) is { } workspace
            ? UndeclaredReads.Recall(_store, TestReads.MarkKind, TestReads.MarkKey(workspace, p.ImportPath, flags.BinaryArgs()))
            : [];

    /// The root of the workspace a package on disk belongs to (its directory less its workspace-relative one);
    /// null for a third-party package, whose module tree is part of the key.
    internal static string? WorkspaceOf(GoPackage p, PackageSource source)
    {
        if (source.DiskDir is not { } dir) return null;
        if (p.Dir is "." or "") return dir;
        return dir.EndsWith("/" + p.Dir, StringComparison.Ordinal) ? dir[..^(p.Dir.Length + 1)] : dir;
    }

    private IReadOnlyList<string>? ReadsOf(Store.Reapi.OutputFile? log, TestReads.Scope scope) =>
        log is null ? [] : _store.TryReadBytes(LocalStore.FromProto(log.Digest)) is { } bytes ? TestReads.Parse(bytes, scope) : null;

    private byte[]? Profile(ExecutionResult result) =>
        result.OutputFile(TestFlags.CoverProfilePath) is { } f ? _store.TryReadBytes(LocalStore.FromProto(f.Digest)) : null;

    private static string Describe(KilnException e)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(e.Message).Append('\n');
        foreach (var (label, value) in e.Details) sb.Append(label).Append(": ").Append(value).Append('\n');
        return sb.ToString();
    }
}
