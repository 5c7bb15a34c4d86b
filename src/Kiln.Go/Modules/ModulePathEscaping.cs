using System.Text;

namespace Kiln.Go.Modules;

/// The module cache's case escaping (golang.org/x/mod/module EscapePath/EscapeVersion): every upper-case
/// letter becomes `!` and its lower-case form, so paths stay distinct on case-insensitive file systems.
public static class ModulePathEscaping
{
    public static string Escape(string pathOrVersion)
    {
        var sb = new StringBuilder(pathOrVersion.Length + 4);
        foreach (var c in pathOrVersion)
        {
            if (c is >= 'A' and <= 'Z') sb.Append('!').Append((char)(c + ('a' - 'A')));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// Reverses Escape; null when the text is not a valid escaped form (a bare `!`, or an upper-case letter).
    public static string? Unescape(string escaped)
    {
        var sb = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c is >= 'A' and <= 'Z') return null;
            if (c != '!') { sb.Append(c); continue; }
            if (i + 1 >= escaped.Length || escaped[i + 1] is not (>= 'a' and <= 'z')) return null;
            sb.Append((char)(escaped[++i] - ('a' - 'A')));
        }
        return sb.ToString();
    }
}
