using System.CommandLine;
using Kiln.Go.Modules;

namespace Kiln.Cli.Commands;

/// `kiln why [PATTERN...]`: why each action of the last build or test in this workspace re-ran, in Go terms
/// (`compile corpus.example/x/internal/core: internal/core/core.go changed`), from the engine's traces.
internal static class WhyCommand
{
    public static Command Create(KilnApp app)
    {
        var patterns = new Argument<string[]>("patterns") { Description = "import paths or prefixes (path/...) to explain (default: every action)", Arity = ArgumentArity.ZeroOrMore };
        var cmd = new Command("why", "explain why each action of the last build or test here re-ran") { patterns };
        cmd.SetAction(app.Body("why", (parsed, inv, ct) =>
        {
            var root = Workspace.FindRoot(inv.Host.CurrentDirectory, Workspace.GoWorkSetting(inv.Host.Variables)) ?? throw GoModuleErrors.NoGoMod(inv.Host.CurrentDirectory);
            var lines = GoEngineRun.Database(inv, root).LoadWhy();
            if (lines is null)
            {
                inv.Err.WriteLine("no build or test has run in this workspace with this store yet");
                return Task.FromResult(ExitCodes.Success);
            }
            var wanted = parsed.GetValue(patterns) ?? [];
            var shown = lines.Where(l => wanted.Length == 0 || wanted.Any(w => Matches(l, w))).ToList();
            foreach (var line in shown) inv.Out.WriteLine(line);
            if (shown.Count == 0) inv.Err.WriteLine(lines.Count == 0 ? "nothing re-ran in the last run: every result was reused" : "no action of the last run matches");
            return Task.FromResult(ExitCodes.Success);
        }));
        return cmd;
    }

    /// `compile PATH: ...` against an import path, or a prefix written `path/...`.
    private static bool Matches(string line, string pattern)
    {
        var subject = line.Split(' ', 3) is [_, var path, ..] ? path.TrimEnd(':') : "";
        return pattern.EndsWith("/...", StringComparison.Ordinal)
            ? subject == pattern[..^4] || subject.StartsWith(pattern[..^3], StringComparison.Ordinal)
            : subject == pattern;
    }
}
