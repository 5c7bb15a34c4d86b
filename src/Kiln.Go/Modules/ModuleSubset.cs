using Kiln.Store;

namespace Kiln.Go.Modules;

/// The smallest GOMODCACHE a sandbox needs for a set of packages: for a main module at go ≥ 1.17 (graph
/// pruning, lazy loading), the modules that provide packages in the set's import closure; for older go
/// lines, additionally every graph module's go.mod. Composed from stored trees without touching the disk.
public sealed class ModuleSubset(ModuleStore modules)
{
    /// Builds the GOMODCACHE tree holding `providing` (by module path, as the build list names them) and
    /// returns its digest. Throws when the store no longer holds a needed entry.
    public async Task<Core.Digest> ComposeAsync(ModuleManifest manifest, IEnumerable<string> providingPaths, CancellationToken ct)
    {
        var wanted = providingPaths.ToHashSet(StringComparer.Ordinal);
        var byModule = manifest.Entries.GroupBy(e => e.Module).ToDictionary(g => g.Key, g => g.ToList());
        var builder = new TreeBuilder(modules.Store);
        var pruned = GoVersionAtLeast(manifest.GoVersion, 1, 17);
        foreach (var module in manifest.BuildList)
        {
            if (module.Source is not { } source || !byModule.TryGetValue(source, out var entries)) continue;
            var provides = wanted.Contains(module.Path);
            if (!provides && pruned) continue;
            foreach (var e in entries)
            {
                switch (e.Kind)
                {
                    case "tree" when provides:
                        var tree = await modules.TryGetTreeAsync(source, e.Hash, ct) ?? throw GoModuleErrors.NotDownloaded(source.ToString());
                        builder.AddDirectory(ModuleCachePaths.ExtractedDir(source), tree.Root);
                        builder.AddFile(ModuleCachePaths.DownloadFile(source, "ziphash"), tree.ZipHash);
                        break;
                    case "mod":
                        builder.AddFile(ModuleCachePaths.DownloadFile(source, "mod"),
                            await modules.TryGetFileAsync(ModuleStore.ModKey(source, e.Hash), ct) ?? throw GoModuleErrors.NotDownloaded(source.ToString()));
                        break;
                    case "info":
                        builder.AddFile(ModuleCachePaths.DownloadFile(source, "info"),
                            await modules.TryGetFileAsync(ModuleStore.InfoKey(source), ct) ?? throw GoModuleErrors.NotDownloaded(source.ToString()));
                        break;
                }
            }
        }
        return builder.Build();
    }

    /// The build-list modules the go command consults to resolve these package import paths: every module
    /// whose path is a prefix of one of them (on a `/` boundary), since it must check each candidate for an
    /// ambiguous import, not only the one that provides the package.
    public static IReadOnlyList<string> ModulesForPackages(ModuleManifest manifest, IEnumerable<string> importPaths)
    {
        var paths = importPaths.ToList();
        return manifest.BuildList.Select(m => m.Path)
            .Where(mp => paths.Any(p => p == mp || p.StartsWith(mp + "/", StringComparison.Ordinal)))
            .Distinct().Order(StringComparer.Ordinal).ToList();
    }

    internal static bool GoVersionAtLeast(string? goVersion, int major, int minor)
    {
        if (goVersion is null) return false;
        var parts = goVersion.Split('.');
        return parts.Length >= 2 && int.TryParse(parts[0], out var ma) && int.TryParse(parts[1], out var mi)
            && (ma > major || (ma == major && mi >= minor));
    }
}
