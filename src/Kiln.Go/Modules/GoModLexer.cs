using System.Globalization;
using System.Text;
using Kiln.Core;

namespace Kiln.Go.Modules;

/// Splits go.mod text into tokens exactly like golang.org/x/mod/modfile's lexer; syntax errors throw at once.
internal sealed class GoModLexer(string file, string text)
{
    private int _pos;
    private int _line = 1;
    private int _column = 1;

    public string File => file;
    public int Line => _line;

    public GoModToken Next()
    {
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (c is ' ' or '\t' or '\r') { Read(); continue; }
            if (PeekPrefix("//")) return LexComment();
            if (PeekPrefix("/*")) throw Error(_line, "mod files must use // comments (not /* */ comments)");
            break;
        }
        var (line, column) = (_line, _column);
        if (_pos >= text.Length) return new(GoModTokenKind.Eof, "", line, column);
        switch (text[_pos])
        {
            case '\n': Read(); return new(GoModTokenKind.Newline, "\n", line, column);
            case '(': Read(); return new(GoModTokenKind.LParen, "(", line, column);
            case ')': Read(); return new(GoModTokenKind.RParen, ")", line, column);
            case '[' or ']' or '{' or '}' or ',': return new(GoModTokenKind.Punct, Read().ToString(), line, column);
            case '"' or '`': return LexString(line, column);
        }
        if (!IsIdent(PeekRune())) throw Error(_line, $"unexpected input character {Describe(PeekRune())}");
        var start = _pos;
        while (_pos < text.Length && IsIdent(PeekRune()))
        {
            if (PeekPrefix("//")) break;
            if (PeekPrefix("/*")) throw Error(_line, "mod files must use // comments (not /* */ comments)");
            Read();
        }
        return new(GoModTokenKind.Ident, text[start.._pos], line, column);
    }

    private GoModToken LexComment()
    {
        var (line, column, start) = (_line, _column, _pos);
        var lineStart = _pos == 0 ? 0 : text.LastIndexOf('\n', _pos - 1) + 1;
        var suffix = !text.AsSpan(lineStart, _pos - lineStart).IsWhiteSpace();
        while (_pos < text.Length && Read() != '\n') { }
        var comment = text[start.._pos];
        comment = comment.EndsWith("\r\n", StringComparison.Ordinal) ? comment[..^2] : comment.TrimEnd('\n');
        return new(suffix ? GoModTokenKind.EolComment : GoModTokenKind.Comment, comment, line, column);
    }

    private GoModToken LexString(int line, int column)
    {
        var start = _pos;
        var quote = Read();
        while (true)
        {
            if (_pos >= text.Length) throw Error(line, "unexpected EOF in string");
            if (text[_pos] == '\n') throw Error(_line, "unexpected newline in string");
            var c = Read();
            if (c == quote) break;
            if (c == '\\' && quote != '`')
            {
                if (_pos >= text.Length) throw Error(line, "unexpected EOF in string");
                Read();
            }
        }
        return new(GoModTokenKind.String, text[start.._pos], line, column);
    }

    private bool PeekPrefix(string prefix) => text.AsSpan(_pos).StartsWith(prefix, StringComparison.Ordinal);

    private Rune PeekRune() =>
        _pos < text.Length && Rune.DecodeFromUtf16(text.AsSpan(_pos), out var r, out _) == System.Buffers.OperationStatus.Done
            ? r : _pos < text.Length ? Rune.ReplacementChar : new Rune(0);

    // Reads one rune (a surrogate pair counts once) and returns its first char.
    private char Read()
    {
        var c = text[_pos];
        _pos += char.IsHighSurrogate(c) && _pos + 1 < text.Length && char.IsLowSurrogate(text[_pos + 1]) ? 2 : 1;
        if (c == '\n') { _line++; _column = 1; }
        else _column++;
        return c;
    }

    // Go: not a space, not ()[]{},, and unicode.IsPrint.
    private static bool IsIdent(Rune r)
    {
        if (r.Value is ' ' or '(' or ')' or '[' or ']' or '{' or '}' or ',') return false;
        if (Rune.IsWhiteSpace(r)) return false;
        return Rune.GetUnicodeCategory(r) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }

    private static string Describe(Rune r) => r.Value < 0x20 || r.Value == 0x7f ? $"U+{r.Value:X4}" : $"'{r}'";

    public KilnException Error(int line, string message) => GoModuleErrors.InvalidGoMod(file, [(line, message)]);
}
