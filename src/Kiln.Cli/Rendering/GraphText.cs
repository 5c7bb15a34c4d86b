using System.Text;
using System.Text.Json;

namespace Kiln.Cli.Rendering;

/// A package's dependencies as text (one import path a line), JSON (`{"ImportPath": ..., "Deps": [...]}`)
/// or Graphviz dot (the import edges among them).
internal static class GraphText
{
    public static readonly string[] Formats = ["text", "json", "dot"];

    public static string Render(string format, string root, IReadOnlyList<string> deps, IReadOnlyList<(string From, string To)> edges) => format switch
    {
        "json" => JsonSerializer.Serialize(new Dictionary<string, object> { ["ImportPath"] = root, ["Deps"] = deps },
            new JsonSerializerOptions { WriteIndented = true, IndentCharacter = '\t', IndentSize = 1 }) + "\n",
        "dot" => Dot(edges),
        _ => string.Concat(deps.Select(d => d + "\n")),
    };

    private static string Dot(IReadOnlyList<(string From, string To)> edges)
    {
        var sb = new StringBuilder("digraph deps {\n");
        foreach (var (from, to) in edges) sb.Append("\t\"").Append(from).Append("\" -> \"").Append(to).Append("\";\n");
        return sb.Append("}\n").ToString();
    }
}
