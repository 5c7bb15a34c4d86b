namespace Kiln.Core;

/// A failure with a message for people: a one-line summary, labelled details, and a hint.
public sealed class KilnException : Exception
{
    public KilnException(ErrorKind kind, string summary, IReadOnlyList<(string Label, string Value)>? details = null,
        string? hint = null, Exception? inner = null)
        : base(summary, inner)
    {
        Kind = kind;
        Details = details ?? [];
        Hint = hint;
    }

    public ErrorKind Kind { get; }
    public IReadOnlyList<(string Label, string Value)> Details { get; }
    public string? Hint { get; }

    /// The engine's `while:` chain, innermost first: which computations were under way.
    public List<string> While { get; } = [];
}
