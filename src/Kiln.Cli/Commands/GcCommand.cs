using System.CommandLine;

namespace Kiln.Cli.Commands;

/// `kiln gc --max-size SIZE`: evict least-recently-used store entries down to SIZE.
internal static class GcCommand
{
    public static Command Create(KilnApp app)
    {
        var maxSize = new Option<string>("--max-size") { Description = "keep at most this much (e.g. 20GiB, 500MB)", Required = true };
        var cmd = new Command("gc", "evict least-recently-used entries from the local store") { maxSize };
        cmd.SetAction(app.Body("gc", (parsed, inv, ct) =>
        {
            var limit = SizeParser.Parse(parsed.GetValue(maxSize)!);
            inv.StoreExclusive = true;
            var report = inv.Store.Collect(limit);
            inv.Out.WriteLine($"store {inv.Store.Root}: {SizeParser.Format(report.BytesBefore)} -> {SizeParser.Format(report.BytesAfter)}; " +
                $"evicted {report.BlobsEvicted} blobs, {report.ActionEntriesRemoved} action cache entries, {report.TempFilesRemoved} stale temp files, {report.SandboxesRemoved} abandoned sandboxes");
            return Task.FromResult(ExitCodes.Success);
        }));
        return cmd;
    }
}
