using System.CommandLine;

namespace Kiln.Cli.Commands;

/// `kiln debug ...`: tools for people debugging caches and sandboxes.
internal static class DebugCommands
{
    public static Command Create(KilnApp app)
    {
        var debug = new Command("debug", "tools for debugging digests, caches and sandboxes");
        debug.Subcommands.Add(DigestCommand.Create(app));
        debug.Subcommands.Add(ExecCommand.Create(app));
        return debug;
    }
}
