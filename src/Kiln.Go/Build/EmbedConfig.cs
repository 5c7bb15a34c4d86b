using System.Text.Json;

namespace Kiln.Go.Build;

/// The `-embedcfg` file (reference §3.6): each `//go:embed` pattern mapped to the package-relative files it
/// names, and each file mapped to where the compiler reads it. `go list` gives the patterns and the union of
/// their files; which file belongs to which pattern is recomputed here with the go command's rules: a glob
/// matches a file, or a directory whose files are all embedded except names starting with `.` or `_`
/// (unless the pattern has the `all:` prefix).
internal static class EmbedConfig
{
    public static Dictionary<string, List<string>> Patterns(IEnumerable<string> patterns, IReadOnlyList<string> files)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            var all = pattern.StartsWith("all:", StringComparison.Ordinal);
            var glob = GoGlob.ToRegex(all ? pattern[4..] : pattern);
            var matched = new List<string>();
            foreach (var file in files)
            {
                if (glob.IsMatch(file)) { matched.Add(file); continue; }
                var parts = file.Split('/');
                for (var n = 1; n < parts.Length; n++)
                {
                    if (!glob.IsMatch(string.Join('/', parts[..n]))) continue;
                    if (all || parts[n..].All(p => !p.StartsWith('.') && !p.StartsWith('_'))) matched.Add(file);
                    break;
                }
            }
            result[pattern] = [.. matched.Order(StringComparer.Ordinal)];
        }
        return result;
    }

    /// The embedcfg JSON; file paths are relative to the action's working directory, under `srcDir`.
    public static byte[] Json(IEnumerable<string> patterns, IReadOnlyList<string> files, string srcDir)
    {
        var doc = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["Patterns"] = new SortedDictionary<string, List<string>>(Patterns(patterns, files), StringComparer.Ordinal),
            ["Files"] = new SortedDictionary<string, string>(files.ToDictionary(f => f, f => srcDir + "/" + f), StringComparer.Ordinal),
        };
        return JsonSerializer.SerializeToUtf8Bytes(doc, GoJson.Indented.SortedDictionaryStringObject);
    }
}
