namespace Kiln.Go.Modules;

/// Token kinds of the go.mod lexer (golang.org/x/mod/modfile read.go).
internal enum GoModTokenKind
{
    Eof,
    /// A `//` comment after other text on its line; ends the line.
    EolComment,
    /// A `//` comment on a line of its own.
    Comment,
    Ident,
    String,
    Newline,
    LParen,
    RParen,
    /// `[`, `]`, `{`, `}` or `,`.
    Punct,
}
