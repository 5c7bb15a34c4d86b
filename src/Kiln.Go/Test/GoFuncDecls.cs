namespace Kiln.Go.Test;

/// The top-level function declarations of a Go source file, as go/parser sees them whatever the formatting: a
/// lexer that skips comments, strings, raw strings and runes and follows bracket depth, so a function inside a
/// block comment or a string is not one, and a body ends at its matching brace. For each declaration: its name,
/// whether it has a receiver or type parameters, its parameter list's text, and the text of the last comment
/// group inside its body (go/ast's CommentGroup.Text), where go/doc looks for an example's output.
internal static class GoFuncDecls
{
    public sealed record Decl(string Name, bool Receiver, bool TypeParams, string Params, bool HasBody, string? LastBodyComment);

    private enum Kind { Ident, Punct, Comment, Literal }

    /// `Trailing`: a comment that starts on the line of the token before it (go/parser's line comment, a group of its own).
    private readonly record struct Token(Kind Kind, int Start, int End, int Line, int EndLine, bool Trailing = false);

    private static readonly HashSet<string> DeclKeywords = new(StringComparer.Ordinal) { "func", "var", "const", "type", "import", "package" };

    public static List<Decl> Scan(string source)
    {
        var tokens = Lex(source);
        var decls = new List<Decl>();
        var depth = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind == Kind.Punct) depth += Delta(source[t.Start]);
            if (depth != 0 || t.Kind != Kind.Ident || Text(source, t) != "func") continue;
            if (Parse(source, tokens, i + 1) is { } parsed)
            {
                decls.Add(parsed.Decl);
                i = parsed.Next - 1;
            }
        }
        return decls;
    }

    /// One declaration after its `func`, and the index of the token after it (null: not a declaration, e.g. a
    /// function literal's type at top level cannot occur, but bad input must not throw).
    private static (Decl Decl, int Next)? Parse(string source, List<Token> tokens, int i)
    {
        i = SkipComments(tokens, i);
        var receiver = false;
        if (i < tokens.Count && IsPunct(source, tokens[i], '('))
        {
            receiver = true;
            i = SkipComments(tokens, Balanced(source, tokens, i));
        }
        if (i >= tokens.Count || tokens[i].Kind != Kind.Ident) return null;
        var name = Text(source, tokens[i]);
        i = SkipComments(tokens, i + 1);
        var typeParams = false;
        if (i < tokens.Count && IsPunct(source, tokens[i], '['))
        {
            typeParams = true;
            i = SkipComments(tokens, Balanced(source, tokens, i));
        }
        if (i >= tokens.Count || !IsPunct(source, tokens[i], '(')) return null;
        var close = Balanced(source, tokens, i);
        var parameters = source[tokens[i].End..tokens[close - 1].Start];
        // The results, up to the body's brace: braces of interface{...} and struct{...} types are skipped.
        i = close;
        while (i < tokens.Count)
        {
            var t = tokens[i];
            if (t.Kind == Kind.Ident && DeclKeywords.Contains(Text(source, t))) return (new Decl(name, receiver, typeParams, parameters, false, null), i);
            if (t.Kind == Kind.Punct && source[t.Start] is '(' or '[') { i = Balanced(source, tokens, i); continue; }
            if (IsPunct(source, t, '{'))
            {
                var prev = PreviousNonComment(tokens, i);
                if (prev >= 0 && tokens[prev].Kind == Kind.Ident && Text(source, tokens[prev]) is "interface" or "struct") { i = Balanced(source, tokens, i); continue; }
                var end = Balanced(source, tokens, i);
                var comments = tokens.GetRange(i, end - i).Where(c => c.Kind == Kind.Comment).ToList();
                return (new Decl(name, receiver, typeParams, parameters, true, LastGroupText(source, comments)), end);
            }
            i++;
        }
        return (new Decl(name, receiver, typeParams, parameters, false, null), i);
    }

    private static int Delta(char c) => c switch { '{' or '(' or '[' => 1, '}' or ')' or ']' => -1, _ => 0 };

    /// The index after the bracket closing the one at `open` (the end of input if it is never closed).
    private static int Balanced(string source, List<Token> tokens, int open)
    {
        var depth = 0;
        for (var i = open; i < tokens.Count; i++)
        {
            if (tokens[i].Kind != Kind.Punct) continue;
            depth += Delta(source[tokens[i].Start]);
            if (depth == 0) return i + 1;
        }
        return tokens.Count;
    }

    private static int SkipComments(List<Token> tokens, int i)
    {
        while (i < tokens.Count && tokens[i].Kind == Kind.Comment) i++;
        return i;
    }

    private static int PreviousNonComment(List<Token> tokens, int i)
    {
        i--;
        while (i >= 0 && tokens[i].Kind == Kind.Comment) i--;
        return i;
    }

    private static bool IsPunct(string source, Token t, char c) => t.Kind == Kind.Punct && source[t.Start] == c;

    private static string Text(string source, Token t) => source[t.Start..t.End];

    /// go/parser's grouping (a comment that starts on the line after the previous one ends, with no token
    /// between, joins its group), then CommentGroup.Text of the last group.
    private static string? LastGroupText(string source, List<Token> comments)
    {
        if (comments.Count == 0) return null;
        var first = comments.Count - 1;
        while (first > 0 && NothingBetween(source, comments[first - 1], comments[first])
            && comments[first].Line <= comments[first - 1].EndLine + (comments[first - 1].Trailing ? 0 : 1)) first--;
        return GroupText([.. comments.Skip(first).Select(c => Text(source, c))]);
    }

    private static bool NothingBetween(string source, Token a, Token b) => source.AsSpan(a.End, b.Start - a.End).Trim().IsEmpty;

    /// go/ast's CommentGroup.Text: markers, the first space of a line comment, directives (//go:x, //line),
    /// trailing spaces, leading blank lines removed, runs of blank lines made one, a final newline.
    public static string GroupText(IReadOnlyList<string> comments)
    {
        var lines = new List<string>();
        foreach (var comment in comments)
        {
            var c = comment;
            if (c[1] == '/')
            {
                c = c[2..];
                if (c.Length > 0 && c[0] == ' ') c = c[1..];
                else if (IsDirective(c)) continue;
            }
            else c = c[2..^2];
            foreach (var l in c.Split('\n')) lines.Add(l.TrimEnd(' ', '\t', '\r'));
        }
        var kept = new List<string>();
        foreach (var line in lines)
        {
            if (line.Length > 0 || (kept.Count > 0 && kept[^1].Length > 0)) kept.Add(line);
        }
        if (kept.Count > 0 && kept[^1].Length > 0) kept.Add("");
        return string.Join('\n', kept);
    }

    /// go/ast's isDirective: `line ` or `extern `/`export `, or `word:x` with a lower-case ASCII word.
    private static bool IsDirective(string c)
    {
        if (c.StartsWith("line ", StringComparison.Ordinal)) return true;
        if (c.StartsWith("extern ", StringComparison.Ordinal) || c.StartsWith("export ", StringComparison.Ordinal)) return true;
        var colon = c.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon + 1 >= c.Length) return false;
        for (var i = 0; i < colon; i++)
        {
            if (!(c[i] is >= 'a' and <= 'z' or >= '0' and <= '9')) return false;
        }
        return c[colon + 1] is >= 'a' and <= 'z' or >= '0' and <= '9';
    }

    /// Identifiers, punctuation, comments and literals with their lines (Go's lexical rules: comments do not nest,
    /// interpreted strings and runes take backslash escapes, raw strings run to the next backquote).
    private static List<Token> Lex(string s)
    {
        var tokens = new List<Token>();
        var line = 1;
        var lastTokenLine = 0;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\n') { line++; i++; continue; }
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var start = i;
            var startLine = line;
            Kind kind;
            if (c == '/' && i + 1 < s.Length && s[i + 1] == '/')
            {
                while (i < s.Length && s[i] != '\n') i++;
                kind = Kind.Comment;
            }
            else if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? s.Length : end + 2;
                line += s.AsSpan(start, i - start).Count('\n');
                kind = Kind.Comment;
            }
            else if (c is '"' or '\'')
            {
                i++;
                while (i < s.Length && s[i] != c && s[i] != '\n') i += s[i] == '\\' ? 2 : 1;
                i = Math.Min(i + 1, s.Length);
                kind = Kind.Literal;
            }
            else if (c == '`')
            {
                var end = s.IndexOf('`', i + 1);
                i = end < 0 ? s.Length : end + 1;
                line += s.AsSpan(start, i - start).Count('\n');
                kind = Kind.Literal;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_')) i++;
                kind = Kind.Ident;
            }
            else if (char.IsDigit(c))
            {
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '.' or '_')) i++;
                kind = Kind.Literal;
            }
            else
            {
                i++;
                kind = Kind.Punct;
            }
            tokens.Add(new Token(kind, start, i, startLine, line, kind == Kind.Comment && lastTokenLine == startLine));
            if (kind != Kind.Comment) lastTokenLine = line;
        }
        return tokens;
    }
}
