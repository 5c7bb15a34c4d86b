using System.Collections.Concurrent;

namespace Kiln.Engine.Tests;

/// A rule made of a function that records every key it was asked to compute.
public sealed class RecordingRule<TKey, TValue>(Func<TKey, IRuleContext, CancellationToken, ValueTask<TValue>> compute)
    : IRule<TKey, TValue> where TKey : notnull
{
    private readonly ConcurrentQueue<TKey> _computed = new();

    public IReadOnlyCollection<TKey> Computed => _computed;

    public int CountOf(TKey key) => _computed.Count(k => k.Equals(key));

    public ValueTask<TValue> ComputeAsync(TKey key, IRuleContext ctx, CancellationToken ct)
    {
        _computed.Enqueue(key);
        return compute(key, ctx, ct);
    }
}
