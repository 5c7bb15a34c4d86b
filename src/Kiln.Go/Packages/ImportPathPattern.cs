using System.Text.RegularExpressions;

namespace Kiln.Go.Packages;

/// An import-path pattern with `...` wildcards, matched as the go command's pkgpattern does: `...` matches any
/// string, a trailing `/...` also matches the path before it (`net/...` matches `net`), and a `vendor`
/// element matches only where the pattern spells one out.
internal sealed class ImportPathPattern
{
    private readonly Regex _regex;
    private readonly string _literalPrefix;

    public ImportPathPattern(string pattern)
    {
        Pattern = pattern;
        var trailing = pattern.EndsWith("/...", StringComparison.Ordinal);
        var body = trailing ? pattern[..^4] : pattern;
        var re = string.Join(".*", body.Split("...").Select(Regex.Escape));
        _regex = new Regex("^" + re + (trailing ? "(/.*)?" : "") + "$", RegexOptions.CultureInvariant);
        _literalPrefix = pattern[..pattern.IndexOf("...", StringComparison.Ordinal)];
    }

    public string Pattern { get; }

    public bool Matches(string importPath) => _regex.IsMatch(importPath) && (!HasVendor(importPath) || HasVendor(Pattern));

    /// Whether some package below `root` (a module path) could match: the go command's TreeCanMatchPattern.
    public bool CanMatchWithin(string root) =>
        root.Length <= _literalPrefix.Length ? _literalPrefix.StartsWith(root, StringComparison.Ordinal) || root.Length == 0
            : root.StartsWith(_literalPrefix, StringComparison.Ordinal);

    private static bool HasVendor(string path) => ("/" + path + "/").Contains("/vendor/", StringComparison.Ordinal);
}
