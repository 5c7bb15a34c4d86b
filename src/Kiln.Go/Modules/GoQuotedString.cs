using System.Globalization;
using System.Text;

namespace Kiln.Go.Modules;

/// Go's strconv.Unquote for double-quoted strings, as go.mod uses them, and strconv.Quote.
internal static class GoQuotedString
{
    /// strconv.Quote: a Go interpreted string literal for any text (printable characters kept, the rest escaped).
    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var r in s.EnumerateRunes())
        {
            switch (r.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                case < 0x20 or 0x7f: sb.Append(CultureInfo.InvariantCulture, $"\\x{r.Value:x2}"); break;
                default: sb.Append(r.ToString()); break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// The unquoted text, or null when s is not a valid Go "…" literal.
    public static string? Unquote(string s)
    {
        if (s.Length < 2 || s[0] != '"' || s[^1] != '"') return null;
        var body = s[1..^1];
        if (body.Contains('\n')) return null;
        var sb = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length;)
        {
            var c = body[i];
            if (c == '"') return null;
            if (c != '\\') { sb.Append(c); i++; continue; }
            if (i + 1 >= body.Length) return null;
            var e = body[i + 1];
            i += 2;
            switch (e)
            {
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case '\\': sb.Append('\\'); break;
                case '"': sb.Append('"'); break;
                case 'x' or 'u' or 'U':
                    var n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + n > body.Length || !int.TryParse(body.AsSpan(i, n), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v)) return null;
                    if (body.AsSpan(i, n).ContainsAnyExcept("0123456789abcdefABCDEF")) return null;
                    i += n;
                    if (e == 'x') sb.Append((char)v); // a byte; go.mod paths are ASCII in practice
                    else if (!Rune.IsValid(v)) return null;
                    else sb.Append(new Rune(v).ToString());
                    break;
                case >= '0' and <= '7':
                    if (i + 2 > body.Length) return null;
                    var oct = e - '0';
                    for (var k = 0; k < 2; k++)
                    {
                        var d = body[i + k];
                        if (d is < '0' or > '7') return null;
                        oct = oct * 8 + (d - '0');
                    }
                    if (oct > 255) return null;
                    i += 2;
                    sb.Append((char)oct);
                    break;
                default: return null;
            }
        }
        return sb.ToString();
    }
}
