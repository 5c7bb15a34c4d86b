namespace Kiln.Engine;

/// An async function from an immutable key to an immutable value. It reads other computations only
/// through its context so every dependency is recorded, and must be safe to call concurrently
/// for different keys. Register one rule per key type on an <see cref="EngineBuilder"/>.
public interface IRule<in TKey, TValue> where TKey : notnull
{
    ValueTask<TValue> ComputeAsync(TKey key, IRuleContext ctx, CancellationToken ct);
}
