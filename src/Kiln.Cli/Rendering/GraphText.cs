using System.Buffers;
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
        "json" => Json(root, deps),
        "dot" => Dot(edges),
        _ => string.Concat(deps.Select(d => d + "\n")),
    };

    /// Written as JsonSerializer wrote the equivalent dictionary: tab-indented, default escaping.
    private static string Json(string root, IReadOnlyList<string> deps)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentCharacter = '\t', IndentSize = 1 }))
        {
            w.WriteStartObject();
            w.WriteString("ImportPath", root);
            w.WriteStartArray("Deps");
            foreach (var d in deps) w.WriteStringValue(d);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static string Dot(IReadOnlyList<(string From, string To)> edges)
    {
        var sb = new StringBuilder("digraph deps {\n");
        foreach (var (from, to) in edges) sb.Append("\t\"").Append(from).Append("\" -> \"").Append(to).Append("\";\n");
        return sb.Append("}\n").ToString();
    }
}
