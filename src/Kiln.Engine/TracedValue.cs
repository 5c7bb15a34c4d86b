namespace Kiln.Engine;

/// A value reused from its trace, still serialized: most reused nodes are only compared by their cutoff
/// (a dependent's verification), so a warm run decodes a value only when a rule or the caller asks for it.
/// Decoded once, by whichever request comes first.
internal sealed class TracedValue(TracePersistence persistence, string key, ReadOnlyMemory<byte> bytes)
{
    private readonly Lazy<object?> _value = new(() =>
    {
        try { return persistence.ReadValue(bytes); }
        catch (InvalidDataException e) { throw EngineErrors.UnreadableTrace(persistence.Kind, key, e); }
    });

    public object? Value => _value.Value;

    /// The value a request yields: a traced value decoded, any other as it is.
    public static object? Materialize(object? outcome) => outcome is TracedValue traced ? traced.Value : outcome;
}
