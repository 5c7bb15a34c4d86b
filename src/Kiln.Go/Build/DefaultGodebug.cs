using System.Text.RegularExpressions;

namespace Kiln.Go.Build;

/// A main package's default GODEBUG (cmd/go load/godebug.go): every setting of the SDK's
/// internal/godebugs table whose behaviour changed after the main module's go version keeps its old value.
internal static partial class DefaultGodebug
{
    [GeneratedRegex(@"\{Name: ""([^""]+)"",[^}]*?Changed: (\d+), Old: ""([^""]*)""")]
    private static partial Regex Entry();

    public static string For(string goRoot, string? mainGoVersion)
    {
        if (mainGoVersion is null) return "";
        var parts = mainGoVersion.Split('.');
        if (parts.Length < 2 || parts[0] != "1" || !int.TryParse(parts[1], out var minor)) return "";
        var table = Path.Combine(goRoot, "src", "internal", "godebugs", "table.go");
        if (!File.Exists(table)) return "";
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in Entry().Matches(File.ReadAllText(table)))
        {
            if (int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) > minor && m.Groups[3].Value.Length > 0)
                settings[m.Groups[1].Value] = m.Groups[3].Value;
        }
        return string.Join(",", settings.Select(kv => kv.Key + "=" + kv.Value));
    }
}
