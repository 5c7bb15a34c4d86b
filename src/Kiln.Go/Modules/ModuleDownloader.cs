using System.Security.Cryptography;
using System.Text;
using Kiln.Core;
using Kiln.Exec;
using Kiln.Go.Sdk;
using Kiln.Store;

namespace Kiln.Go.Modules;

/// `kiln mod download` for one go.mod: every module@version go.sum vouches for is fetched at most once per
/// store. The go command runs in a sandbox whose GOMODCACHE is seeded with what the store holds, so it
/// fetches only what is new; go.sum is authoritative (any line the go command wanted to add is refused);
/// Kiln re-verifies every fetched tree and go.mod against go.sum before storing it.
public sealed class ModuleDownloader(ModuleStore modules, GoSdk sdk, JobLimiter jobs, DownloadEnvironment environment, RunStats stats)
{
    private const string Work = "work";
    private const string ModCache = "gomodcache";
    private LocalStore Store => modules.Store;

    public async Task<DownloadReport> DownloadAsync(string moduleDir, string label, CancellationToken ct)
    {
        var goModPath = Path.Combine(moduleDir, "go.mod");
        var goSumPath = Path.Combine(moduleDir, "go.sum");
        if (!File.Exists(goModPath)) throw GoModuleErrors.NoGoMod(moduleDir);
        var goMod = File.ReadAllBytes(goModPath);
        var goSum = File.Exists(goSumPath) ? File.ReadAllBytes(goSumPath) : [];
        var sumLabel = Path.Combine(label, "go.sum");
        var sums = SumLines.Parse(goSum, sumLabel);
        var manifestKey = ManifestKey(goMod, goSum);

        if (await TryReadManifestAsync(manifestKey, ct) is { } manifest && await AllHeldAsync(manifest, ct))
        {
            var reused = manifest.Entries.Select(e => e.Module).Distinct().Count();
            stats.ModulesReused(reused);
            return new DownloadReport(label, 0, reused, 0, RanGo: false, manifest);
        }

        var seeded = await SeedAsync(goMod, goSum, sums, ct);
        using var session = SandboxSession.Open(Store, seeded, jobs);
        var env = environment.For(sdk);
        var go = sdk.GoBinary;

        var list = await session.RunAsync([go, "list", "-m", "-json", "all"], env, Work, TimeSpan.FromMinutes(30), "go list -m -json all", ct);
        if (!list.Succeeded) throw Failure(session, goSum, sumLabel, label, "go list -m -json all", list.StderrText);
        var listed = GoJsonModule.ParseStream(list.Stdout);
        var main = listed.FirstOrDefault(m => m.Main);
        var graph = listed.Where(m => !m.Main).ToList();

        var zipSums = sums.Where(s => !s.IsGoMod).ToDictionary(s => s.Module, s => s.Hash);
        var wanted = new List<ModuleVersion>();
        foreach (var m in graph.Select(Effective).OfType<ModuleVersion>().Distinct())
        {
            if (zipSums.TryGetValue(m, out var h1) && await modules.TryGetTreeAsync(m, h1, ct) is null) wanted.Add(m);
        }
        List<GoJsonModule> downloaded = [];
        if (wanted.Count > 0)
        {
            var args = new List<string> { go, "mod", "download", "-json" };
            args.AddRange(wanted.Select(m => m.ToString()));
            var dl = await session.RunAsync(args, env, Work, TimeSpan.FromHours(1), "go mod download -json", ct);
            downloaded = GoJsonModule.ParseStream(dl.Stdout);
            if (!dl.Succeeded && downloaded.FirstOrDefault(m => m.Error is not null) is { } bad)
                throw GoModuleErrors.ModuleError(label, $"{bad.Path}@{bad.Version}", bad.Error!);
            if (!dl.Succeeded) throw Failure(session, goSum, sumLabel, label, "go mod download -json", dl.StderrText);
        }
        var added = SumLinesAdded(session, goSum, sumLabel);
        if (added.Count > 0) throw GoModuleErrors.MissingSumLines(sumLabel, added.Select(a => a.ToString()));

        // Verify everything first; index entries are written only when all of them passed.
        var entries = new List<ManifestEntry>();
        var fetched = new HashSet<ModuleVersion>();
        var commits = new List<Func<CancellationToken, Task>>();
        long bytes = 0;
        foreach (var m in downloaded)
        {
            var mv = new ModuleVersion(m.Path, m.Version);
            bytes += IngestTree(session, mv, zipSums[mv], sumLabel, commits);
            fetched.Add(mv);
        }
        var modSums = sums.Where(s => s.IsGoMod).ToDictionary(s => s.Module, s => s.Hash);
        foreach (var mv in graph.Select(Effective).OfType<ModuleVersion>().Distinct())
        {
            if (zipSums.TryGetValue(mv, out var zipH1)) entries.Add(new ManifestEntry("tree", mv, zipH1));
            if (modSums.TryGetValue(mv, out var modH1))
            {
                entries.Add(new ManifestEntry("mod", mv, modH1));
                bytes += await IngestFileAsync(session, mv, "mod", ModuleStore.ModKey(mv, modH1), modH1, sumLabel, fetched, commits, ct);
            }
            if (File.Exists(Path.Combine(session.Root, ModCache, ModuleCachePaths.DownloadFile(mv, "info"))))
            {
                entries.Add(new ManifestEntry("info", mv, ""));
                bytes += await IngestFileAsync(session, mv, "info", ModuleStore.InfoKey(mv), null, sumLabel, fetched, commits, ct);
            }
        }
        foreach (var commit in commits) await commit(ct);
        var buildList = graph.Select(m => new BuildListModule(m.Path, m.Version, m.Replace?.Path, m.Replace?.Version, m.Replace?.GoVersion ?? m.GoVersion)).ToList();
        var written = new ModuleManifest(main?.Path ?? "", main?.GoVersion, buildList, entries);
        await WriteManifestAsync(manifestKey, written, ct);
        var reusedModules = entries.Select(e => e.Module).Distinct().Count(m => !fetched.Contains(m));
        stats.ModulesFetched(fetched.Count);
        stats.ModulesReused(reusedModules);
        stats.Downloaded(bytes);
        return new DownloadReport(label, fetched.Count, reusedModules, bytes, RanGo: true, written);
    }

    /// The module whose files the go command downloads for a graph entry: the replacement for a module
    /// replacement, nothing for a local-path replacement (first-party source).
    private static ModuleVersion? Effective(GoJsonModule m) => m.Replace switch
    {
        null => string.IsNullOrEmpty(m.Version) ? null : new ModuleVersion(m.Path, m.Version),
        { Version: { Length: > 0 } v } r => new ModuleVersion(r.Path, v),
        _ => null,
    };

    private async Task<Core.Digest> SeedAsync(byte[] goMod, byte[] goSum, List<SumLine> sums, CancellationToken ct)
    {
        var builder = new TreeBuilder(Store);
        builder.AddFile($"{Work}/go.mod", Store.PutBytes(goMod));
        builder.AddFile($"{Work}/go.sum", Store.PutBytes(goSum));
        foreach (var line in sums)
        {
            if (line.IsGoMod)
            {
                if (await modules.TryGetFileAsync(ModuleStore.ModKey(line.Module, line.Hash), ct) is not { } mod) continue;
                builder.AddFile($"{ModCache}/{ModuleCachePaths.DownloadFile(line.Module, "mod")}", mod);
            }
            else
            {
                if (await modules.TryGetTreeAsync(line.Module, line.Hash, ct) is not { } tree) continue;
                builder.AddDirectory($"{ModCache}/{ModuleCachePaths.ExtractedDir(line.Module)}", tree.Root);
                builder.AddFile($"{ModCache}/{ModuleCachePaths.DownloadFile(line.Module, "ziphash")}", tree.ZipHash);
            }
            if (await modules.TryGetFileAsync(ModuleStore.InfoKey(line.Module), ct) is { } info)
                builder.AddFile($"{ModCache}/{ModuleCachePaths.DownloadFile(line.Module, "info")}", info);
        }
        return builder.Build();
    }

    /// Stores a freshly extracted module after checking its tree and `.ziphash` against go.sum.
    private long IngestTree(SandboxSession session, ModuleVersion m, string zipH1, string sumLabel, List<Func<CancellationToken, Task>> commits)
    {
        var dir = Path.Combine(session.Root, ModCache, ModuleCachePaths.ExtractedDir(m));
        var root = Store.Snapshot(dir);
        var actual = ModuleTreeHash.Compute(Store, root, m) ?? "(not a valid module tree)";
        if (actual != zipH1) throw GoModuleErrors.ChecksumMismatch(sumLabel, m.ToString(), zipH1, actual);
        var ziphashPath = Path.Combine(session.Root, ModCache, ModuleCachePaths.DownloadFile(m, "ziphash"));
        var ziphash = File.ReadAllBytes(ziphashPath);
        if (Encoding.UTF8.GetString(ziphash).Trim() != zipH1)
            throw GoModuleErrors.ChecksumMismatch(sumLabel, m.ToString(), zipH1, Encoding.UTF8.GetString(ziphash).Trim());
        var ziphashBlob = Store.PutBytes(ziphash);
        commits.Add(c => modules.PutTreeAsync(m, zipH1, root, ziphashBlob, c));
        var zip = Path.Combine(session.Root, ModCache, ModuleCachePaths.DownloadFile(m, "zip"));
        return File.Exists(zip) ? new FileInfo(zip).Length : 0;
    }

    /// Stores a `.mod` (checked against go.sum's /go.mod line) or `.info` file the store did not hold yet.
    private async Task<long> IngestFileAsync(SandboxSession session, ModuleVersion m, string extension, ActionKey key, string? expectedH1,
        string sumLabel, HashSet<ModuleVersion> fetched, List<Func<CancellationToken, Task>> commits, CancellationToken ct)
    {
        if (await modules.TryGetFileAsync(key, ct) is not null) return 0;
        var path = Path.Combine(session.Root, ModCache, ModuleCachePaths.DownloadFile(m, extension));
        if (!File.Exists(path)) return 0;
        var bytes = File.ReadAllBytes(path);
        if (expectedH1 is not null)
        {
            var actual = ModuleTreeHash.Hash1([("go.mod", Convert.ToHexStringLower(SHA256.HashData(bytes)))]);
            if (actual != expectedH1) throw GoModuleErrors.ChecksumMismatch(sumLabel, $"{m}/go.mod", expectedH1, actual);
        }
        var blob = Store.PutBytes(bytes);
        commits.Add(c => modules.PutFileAsync(key, extension, blob, c));
        fetched.Add(m);
        return bytes.Length;
    }

    private static List<SumLine> SumLinesAdded(SandboxSession session, byte[] before, string sumLabel)
    {
        var path = Path.Combine(session.Root, Work, "go.sum");
        var after = File.Exists(path) ? File.ReadAllBytes(path) : [];
        if (after.AsSpan().SequenceEqual(before)) return [];
        var old = SumLines.Parse(before, sumLabel).ToHashSet();
        return SumLines.Parse(after, sumLabel).Where(l => !old.Contains(l)).ToList();
    }

    private static KilnException Failure(SandboxSession session, byte[] goSum, string sumLabel, string label, string step, string stderr)
    {
        var added = SumLinesAdded(session, goSum, sumLabel);
        if (added.Count > 0) return GoModuleErrors.MissingSumLines(sumLabel, added.Select(a => a.ToString()));
        if (GoMissingSum.Parse(stderr) is { Count: > 0 } missing) return GoModuleErrors.MissingSumLines(sumLabel, missing);
        if (GoChecksumMismatch.TryParse(stderr) is { } mismatch)
            return GoModuleErrors.ChecksumMismatch(sumLabel, mismatch.Module, mismatch.Expected, mismatch.Actual);
        return GoModuleErrors.DownloadFailed(label, step, stderr);
    }

    private ActionKey ManifestKey(byte[] goMod, byte[] goSum) => new(new KeyHasher("go-module-manifest/v2")
        .Line("sdk", sdk.Version)
        .Line("go.mod", Core.Digest.Of(goMod).ToString())
        .Line("go.sum", Core.Digest.Of(goSum).ToString())
        .Finish());

    private async Task<bool> AllHeldAsync(ModuleManifest manifest, CancellationToken ct)
    {
        foreach (var e in manifest.Entries)
        {
            var held = e.Kind switch
            {
                "tree" => await modules.TryGetTreeAsync(e.Module, e.Hash, ct) is not null,
                "mod" => await modules.TryGetFileAsync(ModuleStore.ModKey(e.Module, e.Hash), ct) is not null,
                _ => await modules.TryGetFileAsync(ModuleStore.InfoKey(e.Module), ct) is not null,
            };
            if (!held) return false;
        }
        return true;
    }

    /// The manifest a previous `kiln mod download` stored for this go.mod and go.sum, if every entry it names
    /// is still held (and sound) in the store; null means "run kiln mod download".
    public async Task<ModuleManifest?> TryLoadManifestAsync(string moduleDir, CancellationToken ct)
    {
        var goSumPath = Path.Combine(moduleDir, "go.sum");
        var goMod = File.ReadAllBytes(Path.Combine(moduleDir, "go.mod"));
        var goSum = File.Exists(goSumPath) ? File.ReadAllBytes(goSumPath) : [];
        return await TryReadManifestAsync(ManifestKey(goMod, goSum), ct) is { } m && await AllHeldAsync(m, ct) ? m : null;
    }

    private async Task<ModuleManifest?> TryReadManifestAsync(ActionKey key, CancellationToken ct)
    {
        if (await modules.TryGetFileAsync(key, ct) is not { } blob || Store.TryReadBytes(blob) is not { } bytes) return null;
        return ModuleManifest.TryParse(bytes);
    }

    private Task WriteManifestAsync(ActionKey key, ModuleManifest manifest, CancellationToken ct) =>
        modules.PutFileAsync(key, "manifest", Store.PutBytes(manifest.Serialize()), ct);
}
