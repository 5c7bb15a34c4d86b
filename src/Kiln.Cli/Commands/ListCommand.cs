using System.CommandLine;
using Kiln.Cli.Rendering;
using Kiln.Core;
using Kiln.Go.Packages;
using Kiln.Go.Rules;

namespace Kiln.Cli.Commands;

/// `kiln list [patterns] [--json] [--deps] [--test]`: packages exactly as `go list` sees them.
internal static class ListCommand
{
    public static Command Create(KilnApp app)
    {
        var patterns = new Argument<string[]>("patterns") { Description = "./..., ./dir/..., ./dir, import paths and wildcards (path/...), std, all (default: .)", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "print each package as `go list -json` does" };
        var deps = new Option<bool>("--deps") { Description = "also list every package the matches import, dependencies first" };
        var test = new Option<bool>("--test") { Description = "with --deps, also follow the matches' test imports" };
        var errors = new Option<bool>("-e") { Description = "list packages with errors too (in Error and DepsErrors) instead of failing, as go list -e does" };
        var go = new GoOptions();
        var cmd = new Command("list", "list packages as `go list` does: files after build constraints, imports, embeds, tests")
        {
            patterns, json, deps, test, errors,
        };
        go.AddTo(cmd);
        KilnApp.Profiled(cmd);
        cmd.SetAction(app.Body("list", async (parsed, inv, ct) =>
        {
            var session = await GoSession.OpenAsync(parsed, go, inv, defaultCgo: null, ct);
            var requested = parsed.GetValue(patterns) is { Length: > 0 } p ? p : ["."];
            var run = GoEngineRun.Open(session, inv);
            var graph = await run.ResolveAsync(new ResolvePackages(inv.Host.CurrentDirectory, new EquatableArray<string>(requested),
                Tests: parsed.GetValue(test), Deps: parsed.GetValue(deps), KeepErrors: true), ct);
            run.Save(recordWhy: false);
            var packages = (parsed.GetValue(deps) ? graph.All.Select(p => p.Package) : graph.Matched.Select(ip => graph.Find(ip)!.Package)).ToList();
            if (!parsed.GetValue(errors))
            {
                // go list without -e prints nothing when a package has an error, only the errors (without -deps, a
                // listed package's unresolved imports too: its DepsErrors)
                var problems = packages.Select(p => p.Error).Concat(packages.Select(p => p.TestError)).OfType<string>()
                    .Concat(parsed.GetValue(deps) ? [] : packages.SelectMany(p => p.DepsErrors)).ToList();
                if (problems.Count > 0) throw PackageErrors.PackagesHaveErrors(problems);
            }
            foreach (var pkg in packages)
            {
                if (parsed.GetValue(json)) inv.Out.WriteLine(PackageJson.Serialize(pkg));
                else inv.Out.WriteLine(pkg.ImportPath);
            }
            return ExitCodes.Success;
        }));
        return cmd;
    }
}
