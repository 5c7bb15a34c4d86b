using System.CommandLine;

namespace Kiln.Cli.Commands;

/// `kiln mod ...`: the workspace's Go modules.
internal static class ModCommands
{
    public static Command Create(KilnApp app)
    {
        var mod = new Command("mod", "Go modules: download once, verified against go.sum");
        mod.Subcommands.Add(Download(app));
        mod.Subcommands.Add(ModGraphCommand.Create(app));
        return mod;
    }

    private static Command Download(KilnApp app)
    {
        var cmd = new Command("download", "fetch every module of every go.mod once, verified against go.sum, into the store");
        cmd.SetAction(app.Body("mod download", async (parsed, inv, ct) =>
        {
            inv.Store.TrustPresenceMarks = false;   // the explicit check: every stored module file is looked at again
            var mods = await ModContext.OpenAsync(inv, ct);
            var downloader = mods.Downloader();
            foreach (var unit in mods.Workspace.DownloadUnits())
            {
                var report = await downloader.DownloadAsync(unit, ct);
                inv.Err.WriteLine($"{unit.Label}: {report.ModulesFetched} modules fetched ({SizeParser.Format(report.BytesFetched)}), {report.ModulesReused} reused from the store");
            }
            return ExitCodes.Success;
        }));
        return cmd;
    }
}
