using System.CommandLine;
using Kiln.Exec;
using Kiln.Go.Modules;
using Kiln.Go.Packages;
using Kiln.Go.Sdk;

namespace Kiln.Cli.Commands;

/// What the package commands (deps, dependents) start from, as `kiln list` does: the workspace, the stored
/// build list of each go.mod, and a loader for the build configuration of the flags and kiln.toml.
internal sealed record PackageSession(string Root, IReadOnlyList<ModuleRoot> Roots, PackageLoader Loader)
{
    public static async Task<PackageSession> OpenAsync(ParseResult parsed, Invocation inv, BuildFlags flags, CancellationToken ct)
    {
        var root = Workspace.FindRoot(inv.Host.CurrentDirectory) ?? throw GoModuleErrors.NoGoMod(inv.Host.CurrentDirectory);
        var kilnConfig = KilnConfig.Load(root);
        var workspace = Workspace.Discover(root);
        if (workspace.ModuleDirs.Count == 0) throw GoModuleErrors.NoGoMod(root);
        var jobs = new JobLimiter(inv.Jobs);
        var sdk = await new GoSdkLocator(inv.Store, jobs).LocateAsync(kilnConfig.GoSdk, inv.Host.SearchPath, ct);
        var config = flags.Resolve(parsed, sdk, kilnConfig, inv.Host);

        var moduleStore = new ModuleStore(inv.Store);
        var downloader = new ModuleDownloader(moduleStore, sdk, jobs, new DownloadEnvironment(inv.Host.Variables), inv.Stats);
        var roots = new List<ModuleRoot>();
        foreach (var dir in workspace.ModuleDirs)
        {
            var unit = workspace.UnitFor(dir);
            var manifest = downloader.TryLoadManifest(unit)
                ?? (parsed.GetValue(flags.AllowDownload) ? (await downloader.DownloadAsync(unit, ct)).Manifest : throw GoModuleErrors.NotDownloaded($"the modules of {unit.Label}"));
            roots.Add(new ModuleRoot(dir, workspace.Label(dir), manifest));
        }
        var analyzer = new PackageAnalyzer(inv.Store, inv.Executor(SandboxMode.Directory), sdk, config);
        return new PackageSession(root, roots, new PackageLoader(inv.Store, moduleStore, analyzer, sdk, config, inv.Stats, root));
    }

    public Task<IReadOnlyList<GoPackage>> ListAsync(string workingDirectory, IReadOnlyList<string> patterns, bool deps, bool tests, CancellationToken ct) =>
        Loader.ListAsync(Roots, new ListRequest(workingDirectory, patterns, deps, tests), ct);
}
