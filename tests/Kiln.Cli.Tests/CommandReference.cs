using System.CommandLine;
using System.CommandLine.Help;
using System.Text;

namespace Kiln.Cli.Tests;

/// docs/commands.md, rendered from the System.CommandLine tree kiln parses with, so the reference cannot drift
/// from the CLI (CommandReferenceTests compares them).
internal static class CommandReference
{
    public static string Render(RootCommand root)
    {
        var md = new StringBuilder();
        md.Append("# Command reference\n\n");
        md.Append("<!-- Generated from kiln's command tree by tests/Kiln.Cli.Tests/CommandReference.cs: do not edit by hand.\n");
        md.Append("     Refresh with KILN_UPDATE_GOLDEN=1 dotnet test tests/Kiln.Cli.Tests -c Release -- --filter-class '*CommandReferenceTests' -->\n\n");
        md.Append(root.Description).Append(".\n\n");
        md.Append("Exit codes: 0 success; 1 an action (build step, test) failed; 2 user error (flags, config, inputs); ");
        md.Append("3 environment error (missing tool, unusable store); 70 internal error (a Kiln bug).\n\n");
        md.Append("## Options of every command\n\n");
        OptionTable(md, root.Options.Where(o => o.Recursive));
        foreach (var cmd in root.Subcommands.Where(c => !c.Hidden)) Command(md, "kiln", cmd);
        return md.ToString();
    }

    /// Every runnable command path, e.g. `mod download`, `build`.
    public static IEnumerable<string> LeafPaths(Command cmd, string prefix = "")
    {
        foreach (var sub in cmd.Subcommands.Where(c => !c.Hidden))
        {
            var path = prefix.Length == 0 ? sub.Name : prefix + " " + sub.Name;
            if (sub.Subcommands.Count == 0) yield return path;
            else foreach (var leaf in LeafPaths(sub, path)) yield return leaf;
        }
    }

    private static void Command(StringBuilder md, string parent, Command cmd)
    {
        var path = parent + " " + cmd.Name;
        md.Append("\n## ").Append(path).Append("\n\n").Append(cmd.Description).Append("\n\n");
        if (cmd.Subcommands.Count > 0)
        {
            md.Append("Subcommands: ").AppendJoin(", ", cmd.Subcommands.Where(c => !c.Hidden).Select(c => $"`{path} {c.Name}`")).Append(".\n");
            foreach (var sub in cmd.Subcommands.Where(c => !c.Hidden)) Command(md, path, sub);
            return;
        }
        var usage = new StringBuilder(path);
        if (cmd.Options.Any(o => !o.Hidden && o is not HelpOption)) usage.Append(" [options]");
        foreach (var arg in cmd.Arguments.Where(a => !a.Hidden))
        {
            var name = arg.Name.ToUpperInvariant() + (arg.Arity.MaximumNumberOfValues > 1 ? "..." : "");
            usage.Append(arg.Arity.MinimumNumberOfValues == 0 ? $" [{name}]" : $" {name}");
        }
        md.Append("```\n").Append(usage).Append("\n```\n");
        var args = cmd.Arguments.Where(a => !a.Hidden).ToList();
        if (args.Count > 0)
        {
            md.Append("\n| argument | description |\n| --- | --- |\n");
            foreach (var arg in args) md.Append($"| `{arg.Name.ToUpperInvariant()}` | {Cell(arg.Description)} |\n");
        }
        var options = cmd.Options.Where(o => !o.Recursive).ToList();
        if (options.Any(o => !o.Hidden && o is not HelpOption))
        {
            md.Append('\n');
            OptionTable(md, options);
        }
    }

    private static void OptionTable(StringBuilder md, IEnumerable<Option> options)
    {
        md.Append("| option | description |\n| --- | --- |\n");
        foreach (var o in options.Where(o => !o.Hidden && o is not HelpOption and not VersionOption))
        {
            var value = o.ValueType == typeof(bool) ? "" : " " + (o.HelpName ?? "VALUE");
            var names = string.Join(", ", new[] { o.Name }.Concat(o.Aliases.Order(StringComparer.Ordinal)).Select(n => $"`{Spelled(n)}{value}`"));
            var description = o.Description ?? "";
            if (o.Required) description += " (required)";
            else if (o.HasDefaultValue && o.GetDefaultValue() is { } d && d is not (false or "") && !description.Contains("default", StringComparison.Ordinal))
                description += $" (default: {d})";
            md.Append($"| {names} | {Cell(description)} |\n");
        }
    }

    /// What a person types: `kiln test`'s `-v` is parsed as <see cref="Commands.TestCommand.VerboseToken"/>.
    private static string Spelled(string name) => name == Commands.TestCommand.VerboseToken ? "-v" : name;

    private static string Cell(string? text) => (text ?? "").Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
