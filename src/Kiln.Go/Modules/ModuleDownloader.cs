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
    private const string ModCache = "gomodcache";

    /// The run's profile: each go command a download runs is an action in it (null: not profiling).
    public Core.Profiling.ProfileRecorder? Profile { get; init; }
    private LocalStore Store => modules.Store;

    /// Downloads what one go.mod needs (GOWORK=off). `workspaceRoot` bounds local-path replacements.
    public Task<DownloadReport> DownloadAsync(string workspaceRoot, string moduleDir, CancellationToken ct) =>
        DownloadAsync(DownloadUnit.ForModule(workspaceRoot, moduleDir), ct);

    public async Task<DownloadReport> DownloadAsync(DownloadUnit unit, CancellationToken ct)
    {
        var label = unit.Label;
        var sumFiles = unit.SumFiles.Select(f => GoSumFile.Parse(f.Label, f.Content)).ToList();
        var sums = sumFiles.SelectMany(f => f.Lines).ToList();
        var sumLabel = string.Join(", ", unit.SumFiles.Select(f => f.Label));
        var manifestKey = ManifestKey(unit);
        var heldKey = HeldMarkKey(manifestKey); // the generation before anything is checked: an eviction meanwhile voids the mark

        if (await TryReadManifestAsync(manifestKey, ct) is { } manifest && await AllHeldAsync(manifest, ct))
        {
            Store.PutMark(HeldMark, heldKey);
            var reused = manifest.Entries.Select(e => e.Module).Distinct().Count();
            stats.ModulesReused(reused);
            return new DownloadReport(label, 0, reused, 0, RanGo: false, manifest);
        }

        // go.sum is authoritative: what the main go.mod names directly must be in it before anything is fetched.
        var missingBefore = unit.Roots.SelectMany(r => MissingRootSums(r, unit, sumFiles)).ToList();
        if (missingBefore.Count > 0) throw GoModuleErrors.MissingSumLines(sumLabel, missingBefore);

        var seeded = await SeedAsync(unit, sums, ct);
        using var session = SandboxSession.Open(Store, seeded, jobs, Profile);
        var env = environment.For(sdk);
        if (unit.GoWork is { } goWork) env["GOWORK"] = "{sandbox}/" + goWork;
        var go = sdk.GoBinary;

        // With a replacement that is no module, `-e` lists the graph anyway (as a build that never needs it does);
        // any other module's error is still fatal.
        string[] listArgs = unit.ReplacementsWithoutGoMod.Count > 0 ? [go, "list", "-m", "-e", "-json", "all"] : [go, "list", "-m", "-json", "all"];
        var list = await session.RunAsync(listArgs, env, unit.WorkDir, TimeSpan.FromMinutes(30), "go list -m -json all", ct);
        if (!list.Succeeded) throw Failure(session, unit, sumLabel, "go list -m -json all", list.StderrText);
        var listed = GoJsonModule.ParseStream(list.Stdout);
        if (listed.FirstOrDefault(m => m.Error is not null && m.Replace is not { Version.Length: 0 }) is { } broken)
            throw GoModuleErrors.ModuleError(label, $"{broken.Path}@{broken.Version}", broken.Error!);
        var main = listed.FirstOrDefault(m => m.Main);
        var graph = listed.Where(m => !m.Main).ToList();

        var zipSums = HashesOf(sums, goMod: false);
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
            var dl = await session.RunAsync(args, env, unit.WorkDir, TimeSpan.FromHours(1), "go mod download -json", ct);
            downloaded = GoJsonModule.ParseStream(dl.Stdout);
            if (!dl.Succeeded && downloaded.FirstOrDefault(m => m.Error is not null) is { } bad)
                throw GoModuleErrors.ModuleError(label, $"{bad.Path}@{bad.Version}", bad.Error!);
            if (!dl.Succeeded) throw Failure(session, unit, sumLabel, "go mod download -json", dl.StderrText);
        }
        var added = SumLinesAdded(session, unit);
        if (added.Count > 0) throw GoModuleErrors.MissingSumLines(sumLabel, added);

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
        var modSums = HashesOf(sums, goMod: true);
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
        Store.PutMark(HeldMark, heldKey); // every entry was just stored or found: the next build need not check
        var reusedModules = entries.Select(e => e.Module).Distinct().Count(m => !fetched.Contains(m));
        stats.ModulesFetched(fetched.Count);
        stats.ModulesReused(reusedModules);
        stats.Downloaded(bytes);
        return new DownloadReport(label, fetched.Count, reusedModules, bytes, RanGo: true, written);
    }

    /// h1 hashes by module from all go.sum files (go.work.sum included); the go command accepts a line from any.
    private static Dictionary<ModuleVersion, string> HashesOf(IEnumerable<GoSumLine> sums, bool goMod) =>
        sums.Where(s => s.IsGoMod == goMod && s.Hash.StartsWith("h1:", StringComparison.Ordinal))
            .GroupBy(s => s.Module).ToDictionary(g => g.Key, g => g.Last().Hash);

    /// The module whose files the go command downloads for a graph entry: the replacement for a module
    /// replacement, nothing for a local-path replacement (first-party source).
    private static ModuleVersion? Effective(GoJsonModule m) => m.Replace switch
    {
        null => string.IsNullOrEmpty(m.Version) ? null : new ModuleVersion(m.Path, m.Version),
        { Version: { Length: > 0 } v } r => new ModuleVersion(r.Path, v),
        _ => null,
    };

    /// go.sum lines the main module's own requirements need: every required module's go.mod hash, and (main
    /// module at go ≥ 1.17, where go.mod lists every module providing a package) its zip hash. In workspace
    /// mode a go.work replacement wins over any go.mod's, and every main module's replacements apply to all
    /// (cmd/go modload replacementFrom); a module replaced by a directory needs no line.
    private static List<string> MissingRootSums(GoModFile modFile, DownloadUnit unit, IReadOnlyList<GoSumFile> sumFiles)
    {
        var pruned = modFile.Go is { } go && ModuleSubset.GoVersionAtLeast(go, 1, 17);
        var missing = new List<string>();
        foreach (var req in modFile.Require)
        {
            // Under go.work a `use` module satisfies a requirement on its path at any version: nothing to check or fetch.
            if (unit.GoWork is not null && unit.Roots.Any(m => m.ModulePath == req.Module.Path)) continue;
            bool Matches(GoModReplace x) => x.Old.Path == req.Module.Path && (x.Old.Version.Length == 0 || x.Old.Version == req.Module.Version);
            var r = unit.WorkReplace.LastOrDefault(Matches) ?? modFile.Replace.LastOrDefault(Matches)
                ?? unit.Roots.SelectMany(m => m.Replace).LastOrDefault(Matches);
            if (r is { IsLocalPath: true }) continue;
            var source = r?.New ?? req.Module;
            if (!sumFiles.Any(f => f.TryGetModHash(source, out _))) missing.Add($"{source.Path} {source.Version}/go.mod ({modFile.FileName}:{req.Line})");
            if (pruned && !sumFiles.Any(f => f.TryGetZipHash(source, out _))) missing.Add($"{source.Path} {source.Version} ({modFile.FileName}:{req.Line})");
        }
        return missing;
    }

    private async Task<Core.Digest> SeedAsync(DownloadUnit unit, List<GoSumLine> sums, CancellationToken ct)
    {
        var builder = new TreeBuilder(Store);
        foreach (var f in unit.Files.Concat(unit.SumFiles)) builder.AddFile(f.SandboxPath, Store.PutBytes(f.Content));
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
        commits.Add(c => modules.PutCheckedTreeAsync(m, zipH1, root, ziphashBlob, c));
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
            var actual = DirHash.ForGoMod(bytes);
            if (actual != expectedH1) throw GoModuleErrors.ChecksumMismatch(sumLabel, $"{m}/go.mod", expectedH1, actual);
        }
        var blob = Store.PutBytes(bytes);
        commits.Add(c => modules.PutFileAsync(key, extension, blob, c));
        fetched.Add(m);
        return bytes.Length;
    }

    /// Lines the go command wrote into any go.sum (or go.work.sum) of the unit: go.sum is authoritative, so
    /// each one is a line it needed and did not find.
    private static List<string> SumLinesAdded(SandboxSession session, DownloadUnit unit)
    {
        var added = new List<string>();
        foreach (var f in unit.SumFiles)
        {
            var path = Path.Combine(session.Root, f.SandboxPath);
            var after = File.Exists(path) ? File.ReadAllBytes(path) : [];
            if (after.AsSpan().SequenceEqual(f.Content)) continue;
            static string Text(GoSumLine l) => $"{l.Module.Path} {l.Module.Version}{(l.IsGoMod ? "/go.mod" : "")} {l.Hash}";
            var old = GoSumFile.Parse(f.Label, f.Content).Lines.Select(Text).ToHashSet(StringComparer.Ordinal);
            added.AddRange(GoSumFile.Parse(f.Label, after).Lines.Select(Text).Where(l => !old.Contains(l)));
        }
        return added;
    }

    private static KilnException Failure(SandboxSession session, DownloadUnit unit, string sumLabel, string step, string stderr)
    {
        var added = SumLinesAdded(session, unit);
        if (added.Count > 0) return GoModuleErrors.MissingSumLines(sumLabel, added);
        if (GoMissingSum.Parse(stderr) is { Count: > 0 } missing) return GoModuleErrors.MissingSumLines(sumLabel, missing);
        if (GoChecksumMismatch.TryParse(stderr) is { } mismatch)
            return GoModuleErrors.ChecksumMismatch(sumLabel, mismatch.Module, mismatch.Expected, mismatch.Actual);
        return GoModuleErrors.DownloadFailed(unit.Label, step, stderr);
    }

    private ActionKey ManifestKey(DownloadUnit unit)
    {
        var h = new KeyHasher("go-module-manifest/v3").Line("sdk", sdk.Version).Line("gowork", unit.GoWork ?? "off");
        foreach (var f in unit.Files.Concat(unit.SumFiles).OrderBy(f => f.SandboxPath, StringComparer.Ordinal))
            h.Line("file", f.SandboxPath, Core.Digest.Of(f.Content).ToString());
        return new ActionKey(h.Finish());
    }

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
    /// Whether every entry is held is checked once per gc generation (a mark), not on every run.
    public async Task<ModuleManifest?> TryLoadManifestAsync(DownloadUnit unit, CancellationToken ct)
    {
        var key = ManifestKey(unit);
        if (await TryReadManifestAsync(key, ct) is not { } m) return null;
        var held = HeldMarkKey(key);
        if (Store.HasMark(HeldMark, held)) return m;
        if (!await AllHeldAsync(m, ct)) return null;
        Store.PutMark(HeldMark, held);
        return m;
    }

    private const string HeldMark = "go-module-manifest-held";

    private Core.Digest HeldMarkKey(ActionKey manifestKey) =>
        new KeyHasher("go-module-manifest-held/v1").Line("manifest", manifestKey.Digest.ToString()).Line("generation", Store.GcGeneration).Finish();

    private async Task<ModuleManifest?> TryReadManifestAsync(ActionKey key, CancellationToken ct)
    {
        if (await modules.TryGetFileAsync(key, ct) is not { } blob || Store.TryReadBytes(blob) is not { } bytes) return null;
        return ModuleManifest.TryParse(bytes, blob);
    }

    private Task WriteManifestAsync(ActionKey key, ModuleManifest manifest, CancellationToken ct) =>
        modules.PutFileAsync(key, "manifest", Store.PutBytes(manifest.Serialize()), ct);
}
