using System.Collections.Immutable;
using Kiln.Core;

namespace Kiln.Engine;

/// One run of memoized, demand-driven computation (see README.md). As an <see cref="IRuleContext"/> it is
/// the root of the run: requests made on it have no requester and record no dependency.
public sealed class BuildEngine : IRuleContext
{
    private readonly Dictionary<Type, RuleBinding> _rules;
    private readonly Lock _lock = new();
    private readonly Dictionary<object, Computation> _memo = [];

    internal BuildEngine(Dictionary<Type, RuleBinding> rules) => _rules = rules;

    public ValueTask<TValue> GetAsync<TKey, TValue>(TKey key, CancellationToken ct) where TKey : notnull =>
        RequestAsync<TValue>(null, key, ct);

    public ValueTask<EquatableArray<TValue>> GetAllAsync<TKey, TValue>(IEnumerable<TKey> keys, CancellationToken ct)
        where TKey : notnull =>
        RequestAllAsync<TKey, TValue>(null, keys, ct);

    /// The keys <paramref name="key"/>'s computation requested in this run, in first-request order;
    /// empty when it was not computed (or was cancelled). For tests and diagnostics.
    public IReadOnlyList<object> DependenciesOf(object key)
    {
        lock (_lock) return _memo.TryGetValue(key, out var computation) ? computation.Dependencies : [];
    }

    internal async ValueTask<TValue> RequestAsync<TValue>(Computation? requester, object key, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var rule = RuleFor<TValue>(key);
        Computation computation;
        bool waiting = false, start;
        lock (_lock)
        {
            if (!_memo.TryGetValue(key, out computation!))
            {
                computation = new Computation(key, rule);
                _memo.Add(key, computation);
            }
            if (requester is not null)
            {
                if (requester.IsCompleted) throw EngineErrors.ContextUsedAfterCompletion(requester.Key, key);
                requester.RecordDependency(key);
                if (!computation.IsCompleted)
                {
                    if (WaitGraph.PathBetween(computation, requester) is { } path)
                        throw EngineErrors.Cycle([.. path.Select(c => c.Key), key]);
                    requester.StartWaitingOn(computation);
                    waiting = true;
                }
            }
            computation.Waiters++;
            start = computation.TryStart();
        }
        if (start) _ = Task.Run(() => RunAsync(computation), CancellationToken.None);
        try
        {
            return (TValue)(await computation.Outcome.WaitAsync(ct))!;
        }
        finally
        {
            Release(requester, computation, waiting);
        }
    }

    internal async ValueTask<EquatableArray<TValue>> RequestAllAsync<TKey, TValue>(Computation? requester,
        IEnumerable<TKey> keys, CancellationToken ct) where TKey : notnull
    {
        var requests = keys.Select(key => RequestAsync<TValue>(requester, key, ct).AsTask()).ToArray();
        await Task.WhenAll(requests.AsEnumerable<Task>()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (ct.IsCancellationRequested && !requests.All(r => r.IsCompletedSuccessfully))
            throw new OperationCanceledException(ct);
        var values = ImmutableArray.CreateBuilder<TValue>(requests.Length);
        foreach (var request in requests) values.Add(await request);   // all done: rethrows the first failure in key order
        return new EquatableArray<TValue>(values.MoveToImmutable());
    }

    private RuleBinding RuleFor<TValue>(object key)
    {
        if (!_rules.TryGetValue(key.GetType(), out var rule)) throw EngineErrors.NoRule(key);
        if (!rule.ValueType.IsAssignableTo(typeof(TValue))) throw EngineErrors.WrongValueType(key, rule.ValueType, typeof(TValue));
        return rule;
    }

    private void Release(Computation? requester, Computation computation, bool waiting)
    {
        bool abandoned;
        lock (_lock)
        {
            if (waiting) requester!.StopWaitingOn(computation);
            abandoned = --computation.Waiters == 0 && !computation.IsCompleted;
            if (abandoned) Forget(computation);
        }
        if (abandoned) computation.Cancel();
    }

    private async Task RunAsync(Computation computation)
    {
        try
        {
            var value = await computation.Rule.ComputeAsync(computation.Key, new ComputationContext(this, computation),
                computation.Token);
            lock (_lock) computation.Succeed(value);
        }
        catch (OperationCanceledException) when (computation.Token.IsCancellationRequested)
        {
            lock (_lock)
            {
                Forget(computation);
                computation.Cancelled();
            }
        }
        catch (OperationCanceledException e)
        {
            // Not our cancellation (say, a timeout inside the rule): reaches the waiters but is never memoized.
            lock (_lock)
            {
                Forget(computation);
                computation.Fail(e);
            }
        }
        catch (KilnException e)
        {
            lock (_lock) computation.Fail(EngineErrors.While(e, computation.Key));
        }
        catch (Exception e)
        {
            lock (_lock) computation.Fail(e);
        }
    }

    /// Drops an unfinished or cancelled computation from the memo, so a later request computes afresh.
    private void Forget(Computation computation)
    {
        if (_memo.TryGetValue(computation.Key, out var current) && current == computation) _memo.Remove(computation.Key);
    }
}
