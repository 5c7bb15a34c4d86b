namespace Kiln.Go.Modules;

/// One lexed go.mod token: comments without their trailing newline, strings with their quotes.
internal readonly record struct GoModToken(GoModTokenKind Kind, string Text, int Line, int Column)
{
    public bool IsEol => Kind is GoModTokenKind.Eof or GoModTokenKind.EolComment or GoModTokenKind.Newline;
}
