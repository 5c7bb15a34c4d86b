using System.CommandLine;
using Kiln.Exec;
using Kiln.Go.Modules;
using Kiln.Go.Sdk;

namespace Kiln.Cli.Commands;

/// `kiln mod ...`: the workspace's Go modules.
internal static class ModCommands
{
    public static Command Create(KilnApp app)
    {
        var mod = new Command("mod", "Go modules: download once, verified against go.sum");
        mod.Subcommands.Add(Download(app));
        return mod;
    }

    private static Command Download(KilnApp app)
    {
        var cmd = new Command("download", "fetch every module of every go.mod once, verified against go.sum, into the store");
        cmd.SetAction(app.Body("mod download", async (parsed, inv, ct) =>
        {
            var root = Workspace.FindRoot(inv.Host.CurrentDirectory) ?? throw GoModuleErrors.NoGoMod(inv.Host.CurrentDirectory);
            var workspace = Workspace.Discover(root);
            if (workspace.ModuleDirs.Count == 0) throw GoModuleErrors.NoGoMod(root);
            var jobs = new JobLimiter(inv.Jobs);
            var sdk = await new GoSdkLocator(inv.Store, jobs).LocateAsync(inv.Config.GoSdk, inv.Host.SearchPath, ct);
            var downloader = new ModuleDownloader(new ModuleStore(inv.Store), sdk, jobs, new DownloadEnvironment(inv.Host.Variables), inv.Stats);
            foreach (var dir in workspace.ModuleDirs)
            {
                var label = workspace.Label(dir);
                var report = await downloader.DownloadAsync(dir, label, ct);
                inv.Err.WriteLine($"{label}/go.mod: {report.ModulesFetched} modules fetched ({SizeParser.Format(report.BytesFetched)}), {report.ModulesReused} reused from the store");
            }
            return ExitCodes.Success;
        }));
        return cmd;
    }
}
