using System.Globalization;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Kiln.Cli;

/// A kiln.toml being read: the line each setting is written on, for errors that name it, and the check
/// that no key is written twice (TOML forbids it; the deserializer keeps the last silently).
internal sealed class TomlFile
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    public TomlFile(string path, string text)
    {
        Path = path;
        var doc = SyntaxParser.Parse(text, path, validate: false);
        foreach (var kv in doc.KeyValues) Add(Name(kv.Key), kv);
        foreach (var table in doc.Tables)
        {
            var name = Name(table.Name);
            if (table is TableSyntax) Add($"[{name}]", table); // an array of tables ([[x]]) may repeat
            foreach (var kv in table.Items) Add($"{name}.{Name(kv.Key)}", kv);
        }
    }

    public string Path { get; }

    /// The 1-based line a setting (`build.cgo`) or table (`[build]`) is written on, or 0 if unknown.
    public int LineOf(string key) => _lines.GetValueOrDefault(key) is var line and > 0 ? line : _lines.GetValueOrDefault($"[{key}]");

    public string String(string key, object value) => value as string ?? throw BadValue(key, "a string", value);

    public bool Bool(string key, object value) => value as bool? ?? throw BadValue(key, "true or false", value);

    public Core.KilnException BadValue(string key, string expected, object value) => CliErrors.ConfigBadValue(Path, LineOf(key), key, expected, Kind(value));

    public Core.KilnException Unknown(string key, string known) => CliErrors.ConfigUnknownSetting(Path, LineOf(key), key, known);

    private void Add(string key, SyntaxNodeBase node)
    {
        var line = node.Span.Start.Line + 1;
        if (!_lines.TryAdd(key, line)) throw CliErrors.ConfigDuplicateKey(Path, key, _lines[key], line);
    }

    /// A key as written, without quotes or spaces: `build.goos`, `"remote".cache` → `remote.cache`.
    private static string Name(KeySyntax? key) => key is null ? ""
        : string.Join('.', key.ToString().Split('.').Select(part => part.Trim().Trim('"', '\'')));

    /// What TOML calls the value's type, for people.
    private static string Kind(object value) => value switch
    {
        string => "a string",
        bool => "a boolean",
        long or int => "an integer",
        double or float => "a float",
        TomlArray => "an array",
        TomlTable => "a table",
        TomlTableArray => "an array of tables",
        _ => value.GetType().Name.ToLower(CultureInfo.InvariantCulture),
    };
}
