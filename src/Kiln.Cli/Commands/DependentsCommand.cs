using System.CommandLine;
using Kiln.Go.Packages;

namespace Kiln.Cli.Commands;

/// `kiln dependents PKG [--transitive] [--test]`: which first-party packages of the workspace import a package.
internal static class DependentsCommand
{
    public static Command Create(KilnApp app)
    {
        var package = new Argument<string>("package") { Description = "an import path (first-party, third-party or std), or a package directory like ./internal/core" };
        var transitive = new Option<bool>("--transitive") { Description = "also the packages that import those, and so on" };
        var test = new Option<bool>("--test") { Description = "count a package whose tests import it" };
        var flags = new GoOptions();
        var cmd = new Command("dependents", "list the workspace's packages that import a package") { package, transitive, test };
        flags.AddTo(cmd);
        cmd.SetAction(app.Body("dependents", async (parsed, inv, ct) =>
        {
            var session = await GoSession.OpenAsync(parsed, flags, inv, defaultCgo: null, ct);
            // Only the workspace's own packages are analysed: dependents are first-party by definition.
            var firstParty = await session.ListAsync(session.Root, ["./..."], deps: false, tests: false, ct);
            var target = parsed.GetValue(package)!;
            if (target.StartsWith('.') || target.StartsWith('/'))
            {
                var dir = Path.GetFullPath(target, inv.Host.CurrentDirectory);
                target = firstParty.FirstOrDefault(p => Path.GetFullPath(p.Dir, session.Root) == dir)?.ImportPath
                    ?? throw CliErrors.NoPackageInDirectory(dir);
            }
            foreach (var path in PackageGraph.Dependents(firstParty, target, parsed.GetValue(transitive), parsed.GetValue(test)))
                inv.Out.WriteLine(path);
            return ExitCodes.Success;
        }));
        return cmd;
    }
}
