using Kiln.Core;

namespace Kiln.Engine;

/// Type-inferring requests for keys that implement <see cref="IKey{TValue}"/>.
public static class RuleContextExtensions
{
    public static ValueTask<TValue> GetAsync<TValue>(this IRuleContext ctx, IKey<TValue> key, CancellationToken ct) =>
        ctx.GetAsync<IKey<TValue>, TValue>(key, ct);

    public static ValueTask<EquatableArray<TValue>> GetAllAsync<TValue>(this IRuleContext ctx,
        IEnumerable<IKey<TValue>> keys, CancellationToken ct) =>
        ctx.GetAllAsync<IKey<TValue>, TValue>(keys, ct);
}
