namespace Kiln.Go.Build;

/// cmd/internal/quoted.Split: fields separated by spaces, a field may be wrapped in '' or "" (no escapes inside).
/// Used by the go command for -ldflags, -gcflags, GOFLAGS and CC-style variables.
public static class GoQuoted
{
    /// The fields of `s`; null when a quote is not closed (the caller reports it, naming where `s` came from).
    public static List<string>? Split(string s)
    {
        var (fields, unclosed) = Scan(s);
        return unclosed is null ? fields : null;
    }

    /// The quote character left open in `s` (go's message: "unterminated ' string"), or null.
    public static char? Unclosed(string s) => Scan(s).Unclosed;

    private static (List<string> Fields, char? Unclosed) Scan(string s)
    {
        var fields = new List<string>();
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && IsSpace(s[i])) i++;
            if (i >= s.Length) break;
            if (s[i] is '"' or '\'')
            {
                var end = s.IndexOf(s[i], i + 1);
                if (end < 0) return (fields, s[i]);
                fields.Add(s[(i + 1)..end]);
                i = end + 1;
                continue;
            }
            var start = i;
            while (i < s.Length && !IsSpace(s[i])) i++;
            fields.Add(s[start..i]);
        }
        return (fields, null);
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r';
}
