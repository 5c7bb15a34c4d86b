using Kiln.Core;

namespace Kiln.Engine;

/// A registered rule with its key and value types erased, so one memo can hold every kind of key.
internal sealed class RuleBinding(Type valueType, Func<object, IRuleContext, CancellationToken, ValueTask<object?>> compute,
    TracePersistence? persistence = null)
{
    public Type ValueType => valueType;

    /// How the rule's nodes are written to and read from traces; null: never persisted.
    public TracePersistence? Persistence => persistence;

    public ValueTask<object?> ComputeAsync(object key, IRuleContext ctx, CancellationToken ct) => compute(key, ctx, ct);

    public static RuleBinding For<TKey, TValue>(IRule<TKey, TValue> rule) where TKey : notnull =>
        new(typeof(TValue), async (key, ctx, ct) => await rule.ComputeAsync((TKey)key, ctx, ct),
            rule is IPersistentRule<TKey, TValue> p ? TracePersistence.For(p) : null);
}

/// A persistent rule's codecs with types erased.
internal sealed record TracePersistence(string Kind, bool IsVolatile, Func<object, string> EncodeKey, Func<string, object> DecodeKey,
    Func<object?, byte[]> WriteValue, Func<ReadOnlyMemory<byte>, object?> ReadValue, Func<object?, byte[], Digest> CutoffOf)
{
    public static TracePersistence For<TKey, TValue>(IPersistentRule<TKey, TValue> rule) where TKey : notnull => new(
        rule.Kind, rule.IsVolatile,
        key => rule.EncodeKey((TKey)key),
        text => rule.DecodeKey(text),
        value =>
        {
            var writer = new TraceWriter();
            rule.WriteValue(writer, (TValue)value!);
            return writer.ToArray();
        },
        bytes =>
        {
            var reader = new TraceReader(bytes);
            var value = rule.ReadValue(reader);
            return reader.AtEnd ? value : throw new InvalidDataException($"trailing bytes in a {rule.Kind} value");
        },
        (value, bytes) => rule.CutoffOf((TValue)value!) ?? Digest.Of(bytes));
}
