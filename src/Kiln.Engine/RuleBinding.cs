namespace Kiln.Engine;

/// A registered rule with its key and value types erased, so one memo can hold every kind of key.
internal sealed class RuleBinding(Type valueType, Func<object, IRuleContext, CancellationToken, ValueTask<object?>> compute)
{
    public Type ValueType => valueType;

    public ValueTask<object?> ComputeAsync(object key, IRuleContext ctx, CancellationToken ct) => compute(key, ctx, ct);

    public static RuleBinding For<TKey, TValue>(IRule<TKey, TValue> rule) where TKey : notnull =>
        new(typeof(TValue), async (key, ctx, ct) => await rule.ComputeAsync((TKey)key, ctx, ct));
}
