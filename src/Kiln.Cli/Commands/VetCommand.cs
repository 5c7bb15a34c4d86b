using System.CommandLine;
using Kiln.Engine;
using Kiln.Go.Rules;
using Kiln.Go.Vet;

namespace Kiln.Cli.Commands;

/// `kiln vet [vet flags] [patterns]`: go vet of each matched package (its test variant and external test package)
/// as cached, sandboxed actions on the engine; findings on stderr as go vet prints them, exit code 1 when any.
/// Vet's analyzer flags (`-printf=false`, `-printf.funcs=...`) are forwarded to vet as given; none: vet's full set.
internal static class VetCommand
{
    /// Global options that take a value, so the token after them is not the command name.
    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal) { "--summary-json", "--jobs", "-j", "--remote-cache" };

    /// Splits a `kiln [global options] vet ...` command line: the vet tool's flags (an analyzer name, with a
    /// value or a `.option` suffix) are taken out. Other command lines are returned as they are.
    public static (string[] Args, string[] VetFlags) SplitArgs(string[] args)
    {
        var command = 0;
        while (command < args.Length && args[command].StartsWith('-'))
            command += ValueOptions.Contains(args[command]) ? 2 : 1;
        if (command >= args.Length || args[command] != "vet") return (args, []);
        var mine = new List<string>(args[..(command + 1)]);
        var flags = new List<string>();
        foreach (var arg in args[(command + 1)..])
        {
            var name = arg.TrimStart('-').Split('=', 2)[0].Split('.', 2)[0];
            if (arg.StartsWith('-') && VetSetting.Analyzers.Contains(name)) flags.Add(arg);
            else mine.Add(arg);
        }
        return ([.. mine], [.. flags]);
    }

    public static Command Create(KilnApp app)
    {
        var patterns = new Argument<string[]>("patterns") { Description = "./..., ./dir/..., ./dir, import paths (default: .)", Arity = ArgumentArity.ZeroOrMore };
        var go = new GoOptions();
        var cmd = new Command("vet", "report likely mistakes as go vet does (vet flags such as -printf=false are passed to vet)") { patterns };
        go.AddTo(cmd, toolFlags: true);
        cmd.SetAction(app.Body("vet", async (parsed, inv, ct) =>
        {
            var session = await GoSession.OpenAsync(parsed, go, inv, defaultCgo: null, ct);
            var requested = parsed.GetValue(patterns) is { Length: > 0 } p ? p : ["."];
            var run = GoEngineRun.Open(session, inv);
            var graph = await run.ResolveAsync(session.Graph(inv.Host.CurrentDirectory, requested, tests: true), ct);
            var setting = VetSetting.ForVet(app.VetFlags);
            var reports = graph.Matched.Select(ip => run.Engine.GetAsync(new VetPackage(ip, run.Graph!, setting), ct).AsTask()).ToList();
            var failed = false;
            foreach (var report in reports)
            {
                var r = await report;
                if (r.Clean) continue;
                failed = true;
                await inv.Err.WriteAsync(r.Findings);
            }
            run.Save();
            return failed ? ExitCodes.ActionFailed : ExitCodes.Success;
        }));
        return cmd;
    }
}
