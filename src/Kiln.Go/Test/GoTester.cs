using System.Diagnostics;
using System.Text;
using Kiln.Core;
using Kiln.Exec;
using Kiln.Go.Build;
using Kiln.Go.Packages;
using Kiln.Go.Sdk;
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
    {
        _store = store;
        _executor = executor;
        _sdk = sdk;
        _stats = stats;
        _sourceOf = sourceOf;
        _builder = new GoBuilder(store, executor, sdk, config, stats, sourceOf);
        _tools = new GoTools(sdk, config);
    }

    /// `all` is a `--deps --test` listing of `matched`; one task per match, started at once.
    public IReadOnlyList<Task<PackageTestResult>> Start(IReadOnlyList<GoPackage> all, IReadOnlyList<GoPackage> matched, TestFlags flags, CancellationToken ct)
    {
        if (flags is { CoverMode: { } mode, CoverPackages: { } covered })
        {
            // -coverpkg: those packages are instrumented wherever they are linked, so every compile of them is.
            var set = covered.ToHashSet(StringComparer.Ordinal);
            GoPackage Cover(GoPackage p) => set.Contains(p.ImportPath) ? TestBinaryBuilder.Instrument(p, mode) : p;
            all = [.. all.Select(Cover)];
            matched = [.. matched.Select(Cover)];
        }
        _builder.UsePackages(all);
        return matched.Select(p => Task.Run(() => TestAsync(p, flags, ct), ct)).ToList();
    }

    private async Task<PackageTestResult> TestAsync(GoPackage p, TestFlags flags, CancellationToken ct)
    {
        if (!p.HasTests) return new PackageTestResult(p.ImportPath, TestVerdict.NoTestFiles, "", TimeSpan.Zero, Cached: false);
        var source = _sourceOf(p);
        Core.Digest binary;
        try
        {
            binary = await new TestBinaryBuilder(_builder, _store, _tools).BuildAsync(p, source, flags, ct);
        }
        catch (KilnException e) when (e.Kind is ErrorKind.ActionFailed or ErrorKind.User)
        {
            return new PackageTestResult(p.ImportPath, TestVerdict.BuildFailed, Describe(e), TimeSpan.Zero, Cached: false);
        }

        var request = TestRunAction.Request(_store, _sdk, p, source, binary, flags);
        var started = Stopwatch.GetTimestamp();
        var result = await _executor.ExecuteAsync(request, ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cached = result.Outcome is ActionOutcome.LocalCacheHit or ActionOutcome.RemoteCacheHit;
        _stats.GoTested(cached, result.Succeeded);
        var output = Encoding.UTF8.GetString(_executor.ReadStdout(result));
        var profile = result.OutputFile(TestFlags.CoverProfilePath) is { } f ? _store.TryReadBytes(LocalStore.FromProto(f.Digest)) : null;
        if (result.Succeeded) return new PackageTestResult(p.ImportPath, TestVerdict.Ok, output, elapsed, cached) { Cover = flags.CoverMode is not null, CoverProfile = profile };
        if (result.TimedOut) output += $"*** Test killed: ran too long ({TestFlags.GoDuration(request.Timeout!.Value)}).\n";
        else if (output.Length == 0) output = $"exit status {result.ExitCode}\n";
        return new PackageTestResult(p.ImportPath, TestVerdict.Fail, output, elapsed, cached) { CoverProfile = profile };
    }

    private static string Describe(KilnException e)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(e.Message).Append('\n');
        foreach (var (label, value) in e.Details) sb.Append(label).Append(": ").Append(value).Append('\n');
        return sb.ToString();
    }
}
