namespace Kiln.Go.Modules;

/// A go.mod line (`require a v1`) or block (`require ( … )`) with the comments the directives read.
internal sealed class GoModStatement
{
    public required List<string> Tokens { get; init; }
    public required int Line { get; init; }
    /// Whole-line comments right before it; "" marks a blank line inside a block.
    public List<string> Before { get; set; } = [];
    /// The end-of-line comment, if any.
    public List<string> Suffix { get; init; } = [];
    /// The lines of a block; null for a plain line.
    public List<GoModStatement>? Lines { get; init; }
}
