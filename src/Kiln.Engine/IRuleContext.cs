using System.Diagnostics.CodeAnalysis;
using Kiln.Core;

namespace Kiln.Engine;

/// How a rule (or a caller at the root of a run) asks for other computations. Every request is
/// memoized for the run and recorded as a dependency of the computation that made it.
public interface IRuleContext
{
    /// The value for <paramref name="key"/>, computed at most once per run. The rule is looked up by
    /// the key's runtime type.
    ValueTask<TValue> GetAsync<TKey, TValue>(TKey key, CancellationToken ct) where TKey : notnull;

    /// The values for independent keys, in key order, computed in parallel. When some fail, every key
    /// still finishes (successes stay memoized) and the first failure in key order is thrown.
    ValueTask<EquatableArray<TValue>> GetAllAsync<TKey, TValue>(IEnumerable<TKey> keys, CancellationToken ct)
        where TKey : notnull;

    /// <see cref="GetAllAsync"/> for keys that name their values by content (the key holds a digest of all the
    /// value is computed from, besides what the requester depends on itself): the values are not traced as
    /// dependencies, so verifying the requester's trace does not verify them. Sound only for such keys.
    ValueTask<EquatableArray<TValue>> GetAllByContentAsync<TKey, TValue>(IEnumerable<TKey> keys, CancellationToken ct)
        where TKey : notnull;

    /// A persistent rule's value for this same key in the previous run, when the traces hold one (a volatile
    /// rule uses it to skip work: a file whose stamp did not change is not hashed again).
    bool TryGetPrevious<TValue>([MaybeNullWhen(false)] out TValue value);

    /// This computation's result must not be traced (it observed the world change under it, say): the next
    /// run computes it again.
    void DoNotPersist();
}
