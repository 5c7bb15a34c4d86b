using System.Text.Json;
using Kiln.Core;
using Kiln.Exec;
using Kiln.Go.Sdk;
using Kiln.Store;
using Kiln.Store.Reapi;

namespace Kiln.Go.Packages;

/// Runs `go list` on source trees as cacheable actions. The go command runs in GOPATH mode
/// (`GO111MODULE=off`), so an analysis needs no dependency present: its input root is only the analysed
/// files of one directory, and its key is their digest plus the SDK and the build configuration. A warm run
/// starts no process; a directory of a third-party module is analysed once per (content, configuration) on
/// any machine sharing the store.
public sealed class PackageAnalyzer(LocalStore store, CachingExecutor executor, GoSdk sdk, BuildConfig config)
{
    /// The directory the analysed tree sits in, inside the sandbox; its absolute path is stripped from results.
    public const string WorkDir = "kiln-analysis";
    private const string BatchDir = "kiln-batch";

    /// Every std package (vendored ones included), with resolved Imports, ImportMap and Deps.
    public async Task<IReadOnlyList<GoListPackage>> AnalyseStdAsync(Core.Digest emptyRoot, CancellationToken ct)
    {
        var (packages, _) = await RunAsync(Request(emptyRoot, ["std"], "", "go list std"),
            all => all.Select(p => AnalysisCheck.StdProblem(p, sdk.GoRoot)).FirstOrDefault(problem => problem is not null), ct);
        return packages;
    }

    /// The package in each directory: `Files` holds the directory's files (or, for a package with embeds, its
    /// whole subtree). Each directory's result is cached under the key of the one-directory action
    /// `go list .`, so it is found again whatever batch it was computed in; the misses run together in one
    /// go command (one process for a whole wave of cold directories). Lookups and stores go through the
    /// remote cache too, so a fresh machine analyses nothing a trusted writer already analysed.
    /// `lookFirst`: false when the caller has just looked each directory up (<see cref="TryGetCachedAsync"/>).
    public async Task<IReadOnlyList<(GoListPackage Package, string Prefix, bool Cached)>> AnalyseDirectoriesAsync(
        IReadOnlyList<(Core.Digest Files, string Label)> dirs, CancellationToken ct, bool lookFirst = true)
    {
        var results = new (GoListPackage, string, bool)[dirs.Count];
        var misses = new List<int>();
        for (var i = 0; i < dirs.Count; i++)
        {
            if (lookFirst && await TryGetCachedAsync(dirs[i].Files, dirs[i].Label, ct) is { } hit) results[i] = (hit.Package, hit.Prefix, true);
            else misses.Add(i);
        }
        if (misses.Count == 0) return results;
        var keys = new ActionKey[dirs.Count];
        foreach (var i in misses) keys[i] = OneDirectory(dirs[i].Files, dirs[i].Label).Key();

        var builder = new TreeBuilder(store);
        for (var j = 0; j < misses.Count; j++) builder.AddDirectory($"{BatchDir}/{j}", dirs[misses[j]].Files);
        var batch = Request(builder.Build(), [.. Enumerable.Range(0, misses.Count).Select(j => $"./{j}")], BatchDir,
            misses.Count == 1 ? $"go list {dirs[misses[0]].Label}" : $"go list {dirs[misses[0]].Label} and {misses.Count - 1} more directories");
        // The batch's own result may be cached too (and come from a remote cache): checked like the others.
        int? BatchIndex(string dir)
        {
            var slash = dir.LastIndexOf('/');
            return slash >= 0 && int.TryParse(dir[(slash + 1)..], out var j) && j >= 0 && j < misses.Count ? j : null;
        }
        string? CheckBatch(List<GoListPackage> all)
        {
            foreach (var p in all)
            {
                if (BatchIndex(p.Dir) is not { } j) return $"a package in {p.Dir} is not one of the batch's directories";
                if (AnalysisCheck.FirstProblem(p, dirs[misses[j]].Files, store.TryReadDirectory) is { } problem) return problem;
            }
            return null;
        }
        var packages = await RunAsync(batch, CheckBatch, ct);
        foreach (var p in packages.Packages)
        {
            if (BatchIndex(p.Dir) is not { } j) throw PackageErrors.UnexpectedOutput(batch.Description, $"a package in {p.Dir}");
            // As the one-directory action would have printed it, then cached under that action's key.
            var batchDir = p.Dir;
            var dir = "/" + WorkDir;
            p.Dir = dir;
            if (p.Error is { } e)
            {
                // go prints a position under its working directory relative to it (base.ShortPath: `1/a.go:4:9`)
                if (e.Pos is { Length: > 0 } pos && !pos.StartsWith('/')) e.Pos = Path.GetDirectoryName(batchDir) + "/" + pos;
                e.Pos = e.Pos?.Replace(batchDir, dir, StringComparison.Ordinal);
                e.Err = e.Err.Replace(batchDir, dir, StringComparison.Ordinal);
            }
            var stdout = JsonSerializer.SerializeToUtf8Bytes(p, GoJson.Default.GoListPackage);
            await store.PutActionResultAsync(keys[misses[j]], new ActionResult { ExitCode = 0, StdoutDigest = LocalStore.ToProto(store.PutBytes(stdout)) }, ct);
            results[misses[j]] = (p, dir, false);
        }
        foreach (var i in misses)
        {
            if (results[i].Item1 is null) throw PackageErrors.UnexpectedOutput(batch.Description, $"no package for {dirs[i].Label}");
        }
        return results;
    }

    /// The cached analysis of one directory's files (from the local store or the remote cache), or null when
    /// there is none or it fails its checks (a remote one that fails is reported). Counted as an action requested.
    public async Task<(GoListPackage Package, string Prefix)?> TryGetCachedAsync(Core.Digest files, string label, CancellationToken ct)
    {
        var key = OneDirectory(files, label).Key();
        store.Stats.ActionRequested();
        // A cached result is checked before it is trusted: one that fails is a miss (and, from a remote
        // cache, a warning naming the key), and the directory is analysed again.
        GoListPackage? cached = null;
        string? Check(ActionResult r)
        {
            cached = null;
            try { cached = ParseOne(executor.ReadStdout(new ExecutionResult(key, r, ActionOutcome.LocalCacheHit))); }
            catch (JsonException) { }
            if (cached is null) return "the cached go list output is not one package";
            if (cached.Dir != "/" + WorkDir) return $"Dir is {cached.Dir}, not the analysed directory";
            return AnalysisCheck.FirstProblem(cached, files, store.TryReadDirectory);
        }
        if (await store.GetActionResultAsync(key, Check, ct) is not CacheHit hit || cached is null) return null;
        if (hit.FromRemote) store.Stats.RemoteCacheHit();
        else store.Stats.LocalCacheHit();
        return (cached, PrefixOf(cached.Dir));
    }

    private ProcessRequest OneDirectory(Core.Digest files, string label) => Request(Wrap(WorkDir, files), ["."], WorkDir, $"go list {label}");

    private static GoListPackage? ParseOne(byte[] json) => GoListPackage.ParseStream(json) is [var one] ? one : null;

    private Core.Digest Wrap(string dir, Core.Digest root) => new TreeBuilder(store).AddDirectory(dir, root).Build();

    private static string PrefixOf(string dir)
    {
        var marker = "/" + WorkDir;
        var i = dir.IndexOf(marker + "/", StringComparison.Ordinal);
        if (i < 0 && dir.EndsWith(marker, StringComparison.Ordinal)) i = dir.Length - marker.Length;
        return i < 0 ? dir : dir[..(i + marker.Length)];
    }

    /// Runs (or finds cached) a go list action; `check` vets a cached result's packages (null: sound), and one
    /// it refuses is a miss, so the action runs here.
    private async Task<(List<GoListPackage> Packages, bool Cached)> RunAsync(ProcessRequest request, Func<List<GoListPackage>, string?> check,
        CancellationToken ct)
    {
        string? Accept(ActionResult cached)
        {
            if (cached.ExitCode != 0) return null;
            try { return check(GoListPackage.ParseStream(executor.ReadStdout(new ExecutionResult(default, cached, ActionOutcome.LocalCacheHit)))); }
            catch (JsonException) { return "the cached go list output does not parse"; }
        }
        var result = await executor.ExecuteAsync(request, Accept, ct);
        if (!result.Succeeded)
            throw PackageErrors.GoListFailed(request.Description, System.Text.Encoding.UTF8.GetString(executor.ReadStderr(result)));
        return (GoListPackage.ParseStream(executor.ReadStdout(result)), result.Outcome != ActionOutcome.Executed);
    }

    private ProcessRequest Request(Core.Digest input, IReadOnlyList<string> patterns, string workDir, string description)
    {
        var argv = new List<string> { sdk.GoBinary, "list", "-e", "-json=" + string.Join(",", GoListPackage.Fields) };
        argv.AddRange(config.TagsArgs);
        argv.Add("--");
        argv.AddRange(patterns);
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GO111MODULE"] = "off",
            ["GOPATH"] = "/nonexistent",
            ["GOFLAGS"] = "",
            ["GOENV"] = "off",
            ["GOTOOLCHAIN"] = "local",
            ["GOWORK"] = "off",
            ["GOPROXY"] = "off",
            ["GOOS"] = config.GoOs,
            ["GOARCH"] = config.GoArch,
            ["CGO_ENABLED"] = config.CgoEnabled ? "1" : "0",
            ["GOROOT"] = sdk.GoRoot,
            ["HOME"] = "{sandbox}/home",
            ["GOCACHE"] = "{sandbox}/gocache",
            ["PATH"] = Path.GetDirectoryName(sdk.GoBinary) + ":/usr/bin:/bin",
            ["KILN_GO_SDK"] = sdk.Identity,
            // What Kiln makes of go's output, when it changes: results stored before are not read again.
            ["KILN_ANALYSIS"] = "2", // 2: relative error positions of a batch made absolute (were kept as `1/a.go`)
        };
        var request = new ProcessRequest(new EquatableArray<string>(argv), new EquatableMap<string>(env), input,
            EquatableArray<string>.Empty, EquatableArray<string>.Empty, description)
        {
            WorkingDirectory = workDir,
            Timeout = TimeSpan.FromMinutes(10),
            ToolDirectories = new EquatableArray<string>(sdk.ToolDirectories),
        };
        return request;
    }
}
