using Kiln.Core;
using Kiln.Exec;
using Kiln.Go.Modules;
using Kiln.Go.Sdk;
using Kiln.Store;
using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// A sandbox that gets only the modules providing a package set's imports can still build it offline.
public sealed class ModuleSubsetTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-e2e-subset");

    [Fact]
    public async Task Subset_ProvidingModulesOfOneCommand_BuildsItOffline_WithAFractionOfTheModules()
    {
        var ct = TestContext.Current.CancellationToken;
        var ws = Corpus.CopyWorkspace("large", Path.Combine(_temp.Path, "large"));
        var storeRoot = Path.Combine(_temp.Path, "store");
        var kiln = new KilnProcess(storeRoot, new Dictionary<string, string> { ["GOPROXY"] = "file://" + Corpus.ProxyDir });
        var download = await kiln.RunAsync(ws, "mod", "download");
        Assert.True(download.ExitCode == 0, download.ToString());

        var store = new LocalStore(storeRoot);
        var jobs = new JobLimiter(2);
        var sdk = await new GoSdkLocator(store, jobs).LocateAsync(null, [Corpus.GoBin], ct);
        var modules = new ModuleStore(store);
        var manifest = await new ModuleDownloader(modules, sdk, jobs, new DownloadEnvironment(new Dictionary<string, string>()), new RunStats())
            .TryLoadManifestAsync(DownloadUnit.ForModule(ws, ws), ct);
        Assert.NotNull(manifest);
        var subset = new ModuleSubset(modules);

        // Given: the packages ./cmd/meshctl needs, asked of the go command over the full module set.
        var full = Path.Combine(_temp.Path, "full");
        store.Materialize(await subset.ComposeAsync(manifest, manifest.BuildList.Select(m => m.Path), ct), full);
        var packages = (await Go(ws, full, ct, "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "./cmd/meshctl"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var providing = ModuleSubset.ModulesForPackages(manifest, packages);

        // When: a GOMODCACHE holding only the modules that can provide those packages.
        var only = Path.Combine(_temp.Path, "subset");
        store.Materialize(await subset.ComposeAsync(manifest, providing, ct), only);

        // Then: the command builds offline, with far fewer modules than the build list.
        await Go(ws, only, ct, "build", "-o", Path.Combine(_temp.Path, "meshctl"), "./cmd/meshctl");
        Assert.True(File.Exists(Path.Combine(_temp.Path, "meshctl")));
        var extracted = Directory.EnumerateDirectories(only, "*@*", SearchOption.AllDirectories).Count(d => !d.Contains("/cache/", StringComparison.Ordinal));
        Assert.Equal(providing.Count, extracted);
        Assert.True(providing.Count < manifest.BuildList.Count / 2, $"{providing.Count} of {manifest.BuildList.Count}");
    }

    private Task<string> Go(string workDir, string modCache, CancellationToken ct, params string[] args)
    {
        ct.ThrowIfCancellationRequested();
        return GoTool.RunAsync(workDir, _temp.Path, new Dictionary<string, string> { ["GOMODCACHE"] = modCache, ["GOPROXY"] = "off" }, args);
    }

    public void Dispose() => _temp.Dispose();
}
