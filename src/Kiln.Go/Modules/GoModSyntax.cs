namespace Kiln.Go.Modules;

/// Groups go.mod tokens into lines and blocks like golang.org/x/mod/modfile's parser.
internal sealed class GoModSyntax
{
    private readonly GoModLexer _lexer;
    private GoModToken _next;

    private GoModSyntax(string file, string text)
    {
        _lexer = new GoModLexer(file, text);
        _next = _lexer.Next();
    }

    public static List<GoModStatement> Parse(string file, string text) => new GoModSyntax(file, text).ParseFile();

    private GoModToken Lex()
    {
        var token = _next;
        _next = _lexer.Next();
        return token;
    }

    private List<GoModStatement> ParseFile()
    {
        var statements = new List<GoModStatement>();
        List<string>? commentBlock = null;
        while (true)
        {
            switch (_next.Kind)
            {
                case GoModTokenKind.Newline:
                    Lex();
                    commentBlock = null;
                    break;
                case GoModTokenKind.Comment:
                    (commentBlock ??= []).Add(Lex().Text);
                    break;
                case GoModTokenKind.Eof:
                    return statements;
                default:
                    var statement = ParseStatement();
                    if (commentBlock is not null) statement.Before = commentBlock;
                    commentBlock = null;
                    statements.Add(statement);
                    break;
            }
        }
    }

    private GoModStatement ParseStatement()
    {
        var first = Lex();
        var tokens = new List<string> { first.Text };
        while (true)
        {
            var token = Lex();
            if (token.IsEol) return Line(tokens, first.Line, token);
            if (token.Kind != GoModTokenKind.LParen)
            {
                tokens.Add(token.Text);
                continue;
            }
            if (_next.IsEol) return ParseBlock(tokens, first);
            if (_next.Kind == GoModTokenKind.RParen)
            {
                Lex();
                if (_next.IsEol)
                {
                    Lex();
                    return new GoModStatement { Tokens = tokens, Line = first.Line, Lines = [] };
                }
                tokens.Add("(");
                tokens.Add(")");
                continue;
            }
            tokens.Add("(");
        }
    }

    private GoModStatement ParseBlock(List<string> tokens, GoModToken start)
    {
        var lines = new List<GoModStatement>();
        var comments = new List<string>();
        while (true)
        {
            switch (_next.Kind)
            {
                case GoModTokenKind.EolComment:
                    Lex();
                    break;
                case GoModTokenKind.Newline:
                    Lex();
                    if ((comments.Count == 0 && lines.Count > 0) || (comments.Count > 0 && comments[^1].Length > 0)) comments.Add("");
                    break;
                case GoModTokenKind.Comment:
                    comments.Add(Lex().Text);
                    break;
                case GoModTokenKind.Eof:
                    throw _lexer.Error(_lexer.Line, $"syntax error (unterminated block started at {_lexer.File}:{start.Line}:{start.Column})");
                case GoModTokenKind.RParen:
                    var rparen = Lex();
                    if (!_next.IsEol) throw _lexer.Error(rparen.Line, "syntax error (expected newline after closing paren)");
                    Lex();
                    return new GoModStatement { Tokens = tokens, Line = start.Line, Lines = lines };
                default:
                    var line = ParseLine();
                    line.Before = comments;
                    comments = [];
                    lines.Add(line);
                    break;
            }
        }
    }

    private GoModStatement ParseLine()
    {
        var first = Lex();
        var tokens = new List<string> { first.Text };
        while (true)
        {
            var token = Lex();
            if (token.IsEol) return Line(tokens, first.Line, token);
            tokens.Add(token.Text);
        }
    }

    private static GoModStatement Line(List<string> tokens, int line, GoModToken end) => new()
    {
        Tokens = tokens,
        Line = line,
        Suffix = end.Kind == GoModTokenKind.EolComment ? [end.Text] : [],
    };
}
