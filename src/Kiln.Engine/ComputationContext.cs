using System.Diagnostics.CodeAnalysis;
using Kiln.Core;

namespace Kiln.Engine;

/// The context a rule computes in: its requests become dependencies of its computation.
internal sealed class ComputationContext(BuildEngine engine, Computation computation) : IRuleContext
{
    public ValueTask<TValue> GetAsync<TKey, TValue>(TKey key, CancellationToken ct) where TKey : notnull =>
        engine.RequestAsync<TValue>(computation, key, ct);

    public ValueTask<EquatableArray<TValue>> GetAllAsync<TKey, TValue>(IEnumerable<TKey> keys, CancellationToken ct)
        where TKey : notnull =>
        engine.RequestAllAsync<TKey, TValue>(computation, keys, ct);

    public ValueTask<EquatableArray<TValue>> GetAllByContentAsync<TKey, TValue>(IEnumerable<TKey> keys, CancellationToken ct)
        where TKey : notnull =>
        engine.RequestAllAsync<TKey, TValue>(computation, keys, ct, traced: false);

    public bool TryGetPrevious<TValue>([MaybeNullWhen(false)] out TValue value) => engine.TryGetPrevious(computation, out value);

    public void DoNotPersist() => computation.Unpersistable = true;
}
