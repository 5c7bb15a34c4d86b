using System.CommandLine;
using System.Text.RegularExpressions;
using Kiln.Testing;

namespace Kiln.Cli.Tests;

/// The user documentation of the command line matches the command line: docs/commands.md is rendered from the
/// command tree, and the README's command list names exactly the commands kiln knows.
public partial class CommandReferenceTests
{
    private static RootCommand Tree() =>
        new KilnApp(new HostEnvironment(new Dictionary<string, string>(), "/"), TextWriter.Null, TextWriter.Null).CreateRootCommand();

    [Fact]
    public void CommandsPage_IsRenderedFromTheCommandTree()
    {
        var actual = CommandReference.Render(Tree());

        Assert.Equal(Golden.ExpectedAt("docs/commands.md", actual), actual);
    }

    [Fact]
    public void ReadmeCommandList_NamesEveryCommandKilnKnows_AndNoOther()
    {
        var root = Tree();
        var readme = File.ReadAllText(RepoPaths.Combine("README.md"));

        var listed = ReadmeCommands(readme, root);

        Assert.Equal(CommandReference.LeafPaths(root).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    /// The command paths named in the README's `## Commands` code block (`kiln mod graph --format json` → `mod graph`);
    /// a word that is no command is kept (`frob`) so the comparison shows it.
    private static HashSet<string> ReadmeCommands(string readme, RootCommand root)
    {
        var section = readme.IndexOf("\n## Commands\n", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no `## Commands` section");
        var start = readme.IndexOf("```\n", section, StringComparison.Ordinal) + 4;
        var block = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in KilnInvocation().Matches(block))
        {
            Command cmd = root;
            var path = new List<string>();
            foreach (var word in m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (cmd.Subcommands.FirstOrDefault(c => c.Name == word) is not { } sub)
                {
                    if (path.Count == 0) path.Add(word);
                    break;
                }
                path.Add(word);
                cmd = sub;
            }
            paths.Add(string.Join(' ', path));
        }
        return paths;
    }

    [GeneratedRegex(@"(?:^|[\s|])kiln((?: [a-z][a-z-]*)+)", RegexOptions.Multiline)]
    private static partial Regex KilnInvocation();
}
