using System.Globalization;
using System.Text;

namespace Kiln.Go.Rules;

/// One line of text for a key of several parts: each part as `length:text`, separated by spaces, so any
/// text (spaces, colons) round-trips and no two keys encode alike.
public static class KeyText
{
    public static string Join(params IEnumerable<string> parts)
    {
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(part.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(part);
        }
        return sb.ToString();
    }

    public static List<string> Split(string text)
    {
        var parts = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var colon = text.IndexOf(':', i);
            if (colon < 0 || !int.TryParse(text.AsSpan(i, colon - i), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || colon + 1 + length > text.Length)
                throw new FormatException("malformed key text");
            parts.Add(text.Substring(colon + 1, length));
            i = colon + 1 + length;
            if (i < text.Length)
            {
                if (text[i] != ' ') throw new FormatException("malformed key text");
                i++;
            }
        }
        return parts;
    }

    public static string Flag(bool value) => value ? "1" : "0";
}
