using Kiln.Core;
using Kiln.Go.Packages;

namespace Kiln.Go.Build;

/// A per-package tool flag as the go command reads `-gcflags` and `-asmflags` (cmd/go/internal/load/flag.go):
/// each value is `[pattern=]flags`, GOFLAGS' values first, then the command line's in order. A package gets the
/// flags of the last value that matches it: a pattern (`all`, `std`, `cmd`, an import-path pattern with `...`,
/// or a path relative to the working directory) or, without one, the packages named on the command line.
public sealed record PerPackageFlag(string Name, EquatableArray<string> Values)
{
    /// The flag's values, each checked as go checks it (go's messages, naming the flag).
    public static PerPackageFlag Parse(string name, IEnumerable<string> values)
    {
        var list = values.ToList();
        foreach (var v in list) _ = Split(name, v);
        return new PerPackageFlag(name, new EquatableArray<string>(list));
    }

    /// The flag from GOFLAGS (its `-name=` fields, in order) and then the command line.
    public static PerPackageFlag From(string name, GoFlagsVariable goFlags, IEnumerable<string>? commandLine) =>
        Parse(name, [.. goFlags.Values(name), .. commandLine ?? []]);

    /// Each value with its flags, in order.
    public IEnumerable<(string Value, IReadOnlyList<string> Flags)> Entries() => Values.Select(v => (v, (IReadOnlyList<string>)Split(Name, v).Flags));

    /// What go records in a binary's build information: the last value given (`build -gcflags=…`); null when none.
    public string? Raw => Values.Count > 0 ? Values[^1] : null;

    /// The flags for a package: `dir`, its directory on disk (null: none, as a stored module's); `commandLine`,
    /// whether a pattern of the command line matched it; `cwd`, where relative patterns start.
    public EquatableArray<string> For(GoPackage p, string? dir, bool commandLine, string cwd)
    {
        EquatableArray<string> flags = EquatableArray<string>.Empty;
        foreach (var value in Values)
        {
            var (pattern, fields) = Split(Name, value);
            if (pattern is null ? commandLine : Matches(pattern, p, dir, cwd)) flags = new EquatableArray<string>(fields);
        }
        return flags;
    }

    /// `p` with its -gcflags and -asmflags, as go's setToolFlags gives them to a loaded package.
    public static GoPackage Apply(GoPackage p, PerPackageFlag gc, PerPackageFlag asm, string? dir, bool commandLine, string cwd) =>
        gc.Values.Count + asm.Values.Count == 0 ? p
            : p with { Gcflags = gc.For(p, dir, commandLine, cwd), Asmflags = asm.For(p, dir, commandLine, cwd) };

    /// The pattern (null: the command line's packages) and the flags of one value.
    private static (string? Pattern, List<string> Flags) Split(string name, string value)
    {
        var v = value.Trim();
        if (v.Length == 0) return (null, []); // -gcflags="" clears the command line's packages' flags
        string? pattern = null;
        if (!v.StartsWith('-'))
        {
            var eq = v.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0) throw BuildErrors.BadPerPackageFlag(name, value, "missing =<value> in <pattern>=<value>");
            if (eq == 0) throw BuildErrors.BadPerPackageFlag(name, value, "missing <pattern> in <pattern>=<value>");
            if (v[0] is '\'' or '"') throw BuildErrors.BadPerPackageFlag(name, value, $"parameter may not start with quote character {v[0]}");
            pattern = v[..eq].Trim();
            v = v[(eq + 1)..];
        }
        var fields = GoQuoted.Split(v) ?? throw BuildErrors.BadPerPackageFlag(name, value, $"unterminated {GoQuoted.Unclosed(v)} string");
        return (pattern, fields);
    }

    /// load.MatchPackage.
    private static bool Matches(string pattern, GoPackage p, string? dir, string cwd)
    {
        if (IsRelative(pattern))
        {
            if (dir is null) return false;
            var wildcard = pattern.IndexOf("...", StringComparison.Ordinal);
            var (prefix, rest) = wildcard < 0 ? (pattern, "") : (pattern[..Math.Max(0, pattern.LastIndexOf('/', wildcard))], pattern[(pattern.LastIndexOf('/', wildcard) + 1)..]);
            var root = Path.GetFullPath(Path.Combine(cwd, prefix));
            if (rest.Length == 0) return Path.TrimEndingDirectorySeparator(dir) == Path.TrimEndingDirectorySeparator(root);
            var rel = Path.GetRelativePath(root, dir).Replace('\\', '/');
            if (rel == ".." || rel.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(rel)) return false;
            return PathMatches(rest, rel);
        }
        return pattern switch
        {
            "all" => true,
            "std" => p.Standard,
            "cmd" => p.Standard && p.ImportPath.StartsWith("cmd/", StringComparison.Ordinal),
            _ => PathMatches(pattern, p.ImportPath),
        };
    }

    private static bool PathMatches(string pattern, string path) =>
        pattern.Contains("...", StringComparison.Ordinal) ? new ImportPathPattern(pattern).Matches(path) : pattern == path;

    /// search.IsRelativePath: `.`, `..`, or starting with `./` or `../`.
    private static bool IsRelative(string pattern) =>
        pattern is "." or ".." || pattern.StartsWith("./", StringComparison.Ordinal) || pattern.StartsWith("../", StringComparison.Ordinal);
}
