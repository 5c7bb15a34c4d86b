using System.Text;
using System.Text.RegularExpressions;

namespace Kiln.Go.Build;

/// Go's `path.Match` syntax (`*`, `?`, `[class]`, `\x`) as an anchored regular expression: `*` and `?`
/// never match `/`.
internal static class GoGlob
{
    public static Regex ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*': sb.Append("[^/]*"); break;
                case '?': sb.Append("[^/]"); break;
                case '\\' when i + 1 < pattern.Length: sb.Append(Regex.Escape(pattern[++i].ToString())); break;
                case '[':
                    var end = pattern.IndexOf(']', i + 2);
                    if (end < 0) { sb.Append(@"\["); break; }
                    var body = pattern[(i + 1)..end];
                    sb.Append('[').Append(body.StartsWith('^') ? "^/" + body[1..].Replace("\\", @"\\", StringComparison.Ordinal) : body.Replace("\\", @"\\", StringComparison.Ordinal)).Append(']');
                    i = end;
                    break;
                default: sb.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
