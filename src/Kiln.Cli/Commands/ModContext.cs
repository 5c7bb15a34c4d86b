using Kiln.Exec;
using Kiln.Go.Modules;
using Kiln.Go.Sdk;

namespace Kiln.Cli.Commands;

/// What module-aware commands share: the workspace, its config, the Go SDK, the module store.
internal sealed class ModContext(Invocation inv, Workspace workspace, GoSdk sdk, ModuleStore modules, JobLimiter jobs)
{
    public Workspace Workspace => workspace;
    public GoSdk Sdk => sdk;
    public ModuleStore Modules => modules;

    public static async Task<ModContext> OpenAsync(Invocation inv, CancellationToken ct)
    {
        var workspace = Workspace.Locate(inv.Host.CurrentDirectory, inv.Host.Variables);
        var config = inv.Config;
        var jobs = new JobLimiter(inv.Jobs);
        var sdk = await new GoSdkLocator(inv.Store, jobs).LocateAsync(config.GoSdk, inv.Host.SearchPath, ct);
        return new ModContext(inv, workspace, sdk, new ModuleStore(inv.Store), jobs);
    }

    public ModuleDownloader Downloader() =>
        new(modules, sdk, jobs, new DownloadEnvironment(inv.Host.Variables), inv.Stats);

    /// The stored manifest of a go.mod; downloads first when --allow-download was given, else an error that
    /// says which command to run.
    public async Task<ModuleManifest> ManifestAsync(DownloadUnit unit, CancellationToken ct, bool allowDownload = false)
    {
        var downloader = Downloader();
        if (await downloader.TryLoadManifestAsync(unit, ct) is { } manifest) return manifest;
        if (!allowDownload) throw GoModuleErrors.NotDownloaded($"the modules of {unit.Label}");
        return (await downloader.DownloadAsync(unit, ct)).Manifest;
    }
}
