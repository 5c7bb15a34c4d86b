using System.Globalization;
using System.Text.RegularExpressions;
using Kiln.Go.Modules;

namespace Kiln.Go.Build;

/// A main package's default GODEBUG, as cmd/go's load/godebug.go computes it: the main module's go.mod
/// `godebug` lines, then the package's `//go:debug` directives, on top of every setting of the SDK's
/// internal/godebugs table whose behaviour changed after the go version (`default=goX.Y` replaces the
/// main module's go line).
internal static partial class DefaultGodebug
{
    [GeneratedRegex(@"\{Name: ""([^""]+)""(?:,[^}]*?Changed: (\d+), Old: ""([^""]*)"")?")]
    private static partial Regex Entry();

    /// Only the go version: what the main module's go line alone implies.
    public static string For(string goRoot, string? mainGoVersion) => For(goRoot, mainGoVersion, "", [], []);

    /// For a main package: `goMod` is its main module's go.mod (null: none known).
    public static string For(string goRoot, string? mainGoVersion, GoModFile? goMod, IReadOnlyList<GoDebugDirective> directives) =>
        For(goRoot, mainGoVersion, goMod?.FileName ?? "go.mod", goMod is null ? [] : [.. goMod.Godebug], directives);

    /// For a test binary (load/test.go): the tested package's directives, then its test files', then its external
    /// test files', each later one winning; an invalid directive is skipped there (its compile reports it), not an
    /// error. `goMod` as for a main package.
    public static string ForTest(string goRoot, string? mainGoVersion, GoModFile? goMod, IReadOnlyList<GoDebugDirective> directives) =>
        For(goRoot, mainGoVersion, goMod?.FileName ?? "go.mod", goMod is null ? [] : [.. goMod.Godebug], directives, strictDirectives: false);

    /// `modGodebug`: the go.mod's `godebug` lines (`goMod` names the file in errors); `directives`: the main
    /// package's header `//go:` comments. Invalid settings are user errors naming the line; with
    /// `strictDirectives` off, an invalid or repeated directive is not (the test main's rule).
    public static string For(string goRoot, string? mainGoVersion, string goMod, IReadOnlyList<GoModGodebug> modGodebug,
        IReadOnlyList<GoDebugDirective> directives, bool strictDirectives = true)
    {
        var table = Table(goRoot);
        var m = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<(string, string)>();
        foreach (var g in modGodebug)
        {
            if (Check(table, goRoot, "godebug", g.Key, g.Value) is { } why) problems.Add(($"{goMod}:{g.Line}", why));
            else m[g.Key] = g.Value;
        }
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in directives)
        {
            switch (Parse(table, goRoot, d.Text))
            {
                case (null, null): break;   // another //go: directive
                case ({ } k, { } v) when !strictDirectives: m[k] = v; break;
                case (null, _) when !strictDirectives: break;
                case (null, { } why): problems.Add((d.Position, "invalid //go:debug: " + why)); break;
                case ({ } k, _) when seen.TryGetValue(k, out var previous):
                    problems.Add((d.Position, $"repeated //go:debug for {k} (previous at {previous})"));
                    break;
                case ({ } k, { } v):
                    seen[k] = d.Position;
                    m[k] = v;
                    break;
            }
        }
        if (problems.Count > 0) throw BuildErrors.InvalidGodebug(problems);

        var goVersion = mainGoVersion;   // null: no main module go line known, so no version defaults
        if (m.Remove("default", out var dv) && (dv.StartsWith("go", StringComparison.Ordinal) ? dv[2..] : dv) is var dvv && IsValidVersion(dvv))
            goVersion = dvv;
        if (Defaults(table, goVersion) is { } defaults)
        {
            foreach (var (k, v) in m) defaults[k] = v;
            m = defaults;
        }
        return string.Join(",", m.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
    }

    /// load.ParseGoDebug: (null, null) for a line that is not //go:debug, (null, why) for an invalid one.
    private static (string? Key, string? ValueOrWhy) Parse(IReadOnlyList<(string Name, int Changed, string Old)> table, string goRoot, string text)
    {
        if (!text.StartsWith("//go:debug", StringComparison.Ordinal)) return (null, null);
        var i = text.IndexOfAny([' ', '\t']);
        if (i < 0) return text.Trim() == "//go:debug" ? (null, "missing key=value") : (null, null);
        var kv = text[i..].Trim();
        var eq = kv.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0) return (null, "missing key=value");
        var (k, v) = (kv[..eq], kv[(eq + 1)..]);
        return Check(table, goRoot, "//go:debug setting", k, v) is { } why ? (null, why) : (k, v);
    }

    /// modload.CheckGodebug.
    private static string? Check(IReadOnlyList<(string Name, int Changed, string Old)> table, string goRoot, string verb, string k, string v)
    {
        if (k.AsSpan().IndexOfAny(" \t") >= 0) return "key contains space";
        if (v.AsSpan().IndexOfAny(" \t") >= 0) return "value contains space";
        if (k.Contains(',', StringComparison.Ordinal)) return "key contains comma";
        if (v.Contains(',', StringComparison.Ordinal)) return "value contains comma";
        if (k == "default")
        {
            if (!v.StartsWith("go", StringComparison.Ordinal) || !IsValidVersion(v[2..])) return "value for default= must be goVERSION";
            var local = ToolchainVersion(goRoot);
            if (local is not null && GoVersion.Compare(v[2..], local) > 0) return $"default={v} too new (toolchain is go{local})";
            return null;
        }
        return table.Any(e => e.Name == k) ? null : $"unknown {verb} \"{k}\"";
    }

    private static Dictionary<string, string>? Defaults(IReadOnlyList<(string Name, int Changed, string Old)> table, string? v)
    {
        if (v is null) return null;
        var parts = v.Split('.');
        if (parts.Length < 2 || parts[0] != "1" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)) return null;
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in table.Where(e => minor < e.Changed)) defaults[e.Name] = e.Old;
        return defaults;
    }

    private static bool IsValidVersion(string v) => v.Length > 0 && char.IsAsciiDigit(v[0]) && GoVersion.Compare(v, v) == 0 && GoVersion.Compare(v, "0") > 0;

    private static string? ToolchainVersion(string goRoot)
    {
        var file = Path.Combine(goRoot, "VERSION");
        if (!File.Exists(file)) return null;
        var first = File.ReadLines(file).FirstOrDefault() ?? "";
        return first.StartsWith("go", StringComparison.Ordinal) ? first[2..] : null;
    }

    /// internal/godebugs.All: name, the minor version whose default changed (0: never), the old value.
    private static List<(string Name, int Changed, string Old)> Table(string goRoot)
    {
        var file = Path.Combine(goRoot, "src", "internal", "godebugs", "table.go");
        if (!File.Exists(file)) return [];
        return [.. Entry().Matches(File.ReadAllText(file)).Select(m => (m.Groups[1].Value,
            m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 0, m.Groups[3].Value))];
    }
}
