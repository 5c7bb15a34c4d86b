using System.CommandLine;
using Kiln.Cli.Rendering;
using Kiln.Go.Packages;

namespace Kiln.Cli.Commands;

/// `kiln deps PKG [--transitive] [--test] [--format text|json|dot]`: what a package imports.
internal static class DepsCommand
{
    public static Command Create(KilnApp app)
    {
        var package = new Argument<string>("package") { Description = "an import path, or a package directory like ./cmd/app" };
        var transitive = new Option<bool>("--transitive") { Description = "every package it reaches (as `go list -deps`, without itself), dependencies first" };
        var test = new Option<bool>("--test") { Description = "also what its tests import (and, with --transitive, what the test binary needs)" };
        var format = new Option<string>("--format") { Description = "text (one import path a line), json or dot", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(GraphText.Formats);
        var flags = new GoOptions();
        var cmd = new Command("deps", "list the packages a package imports, directly or transitively") { package, transitive, test, format };
        flags.AddTo(cmd);
        cmd.SetAction(app.Body("deps", async (parsed, inv, ct) =>
        {
            var session = await GoSession.OpenAsync(parsed, flags, inv, defaultCgo: null, ct);
            var pattern = parsed.GetValue(package)!;
            var matched = await session.ListAsync(inv.Host.CurrentDirectory, [pattern], deps: false, tests: false, ct);
            if (matched.Count != 1) throw CliErrors.NotOnePackage(pattern, matched.Count);
            var root = matched[0];
            var withTests = parsed.GetValue(test);
            IReadOnlyList<string> deps;
            IReadOnlyList<(string, string)> edges;
            if (parsed.GetValue(transitive))
            {
                var closure = await session.ListAsync(inv.Host.CurrentDirectory, [root.ImportPath], deps: true, tests: withTests, ct);
                deps = [.. closure.Select(p => p.ImportPath).Where(p => p != root.ImportPath)];
                edges = PackageGraph.Edges(closure, withTests ? root.ImportPath : null);
            }
            else
            {
                deps = PackageGraph.Imports(root, withTests);
                edges = [.. deps.Select(d => (root.ImportPath, d))];
            }
            inv.Out.Write(GraphText.Render(parsed.GetValue(format)!, root.ImportPath, deps, edges));
            return ExitCodes.Success;
        }));
        return cmd;
    }
}
