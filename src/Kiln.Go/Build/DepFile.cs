using System.Text;

namespace Kiln.Go.Build;

/// A make dependency file as gcc and clang write it (`-MD -MF file.d`): rules `targets: prerequisites`, lines
/// continued by a trailing backslash, make's quoting in names (a blank after an odd run of backslashes is part of
/// the name, the run halved; `\#`, `\:`, `$$`); `-MP`'s phony rules (`header.h:`) add no prerequisite.
internal static class DepFile
{
    /// Every prerequisite of every rule, in order of first appearance.
    public static IReadOnlyList<string> Prerequisites(string text)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        var joined = text.Replace("\\\r\n", " ", StringComparison.Ordinal).Replace("\\\n", " ", StringComparison.Ordinal);
        foreach (var line in joined.Split('\n'))
        {
            var words = Words(line.TrimEnd('\r'), out var colon);
            if (colon < 0) continue;
            foreach (var w in words.Skip(colon)) if (seen.Add(w)) result.Add(w);
        }
        return result;
    }

    /// The line's names, unquoted; `colon`: how many come before the rule's separator (-1: the line is no rule).
    private static List<string> Words(string line, out int colon)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        colon = -1;
        void End()
        {
            if (inWord) words.Add(word.ToString());
            word.Clear();
            inWord = false;
        }
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '#') break; // a comment
            if (c == '\\')
            {
                var run = 1;
                while (i + run < line.Length && line[i + run] == '\\') run++;
                var next = i + run < line.Length ? line[i + run] : '\0';
                if (next is ' ' or '\t')
                {
                    word.Append('\\', run / 2);
                    inWord = true;
                    if (run % 2 == 1) word.Append(next); // an escaped blank: the name goes on
                    else End();
                    i += run;
                    continue;
                }
                if (run == 1 && next is '#' or ':')
                {
                    word.Append(next);
                    inWord = true;
                    i++;
                    continue;
                }
                word.Append('\\', run);
                inWord = true;
                i += run - 1;
                continue;
            }
            if (c == '$' && i + 1 < line.Length && line[i + 1] == '$')
            {
                word.Append('$');
                inWord = true;
                i++;
                continue;
            }
            if (c == ':' && colon < 0 && (i + 1 == line.Length || line[i + 1] is ' ' or '\t'))
            {
                End();
                colon = words.Count;
                continue;
            }
            if (c is ' ' or '\t')
            {
                End();
                continue;
            }
            word.Append(c);
            inWord = true;
        }
        End();
        return words;
    }
}
