using System.CommandLine;
using Kiln.Core;
using Kiln.Exec;
using Kiln.Go.Sdk;

namespace Kiln.Cli.Commands;

/// `kiln version`: Kiln's version, the commit it was built from, and the Go SDK it would use here (kiln.toml's
/// `[go] sdk`, else `go` on PATH) with what `go version` says. Exit 0 whether or not a Go SDK is found.
internal static class VersionCommand
{
    public static Command Create(KilnApp app)
    {
        var cmd = new Command("version", "print Kiln's version and commit, and the Go SDK it finds (path and `go version`)");
        cmd.SetAction(app.Body("version", async (parsed, inv, ct) =>
        {
            inv.Out.WriteLine($"kiln {KilnApp.Version}");
            inv.Out.WriteLine($"commit: {KilnApp.Commit ?? "unknown"}");
            try
            {
                var sdk = await new GoSdkLocator(inv.Store, new JobLimiter(1)).LocateAsync(inv.Config.GoSdk, inv.Host.SearchPath, ct);
                inv.Out.WriteLine($"go: {sdk.GoBinary}");
                inv.Out.WriteLine($"go version: {GoVersionLine(sdk)}");
            }
            catch (KilnException e) when (e.Kind is not ErrorKind.Internal)
            {
                inv.Out.WriteLine($"go: none found ({e.Message})");
                if (e.Hint is not null) inv.Err.WriteLine($"hint: {e.Hint}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // `go env` runs in a sandbox of the store: an unusable store is no reason to fail `kiln version`.
                inv.Out.WriteLine($"go: not checked ({e.Message})");
            }
            return ExitCodes.Success;
        }));
        return cmd;
    }

    /// What `go version` prints for this SDK: the toolchain's version and its own platform (`go env` runs with no
    /// GOOS/GOARCH set, so these are the host's).
    public static string GoVersionLine(GoSdk sdk) => $"go version {sdk.Version} {sdk.GoOs}/{sdk.GoArch}";
}
