using System.CommandLine;

namespace Kiln.Cli.Commands;

/// `kiln clean`: delete everything in the local store.
internal static class CleanCommand
{
    public static Command Create(KilnApp app)
    {
        var cmd = new Command("clean", "delete the whole local store (blobs, action cache, sandboxes)");
        cmd.SetAction(app.Body("clean", (parsed, inv, ct) =>
        {
            var root = inv.Host.StoreRoot;
            if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any()
                && !Directory.Exists(Path.Combine(root, "cas")))
                throw CliErrors.StoreRootUnsafe(root);
            inv.StoreExclusive = true;
            inv.Store.Clear();
            inv.Out.WriteLine($"removed everything in {inv.Store.Root}");
            return Task.FromResult(ExitCodes.Success);
        }));
        return cmd;
    }
}
