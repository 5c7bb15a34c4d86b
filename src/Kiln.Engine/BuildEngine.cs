using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Kiln.Core;
using Kiln.Core.Profiling;

namespace Kiln.Engine;

/// One run of memoized, demand-driven computation (see README.md). As an <see cref="IRuleContext"/> it is
/// the root of the run: requests made on it have no requester and record no dependency.
public sealed class BuildEngine : IRuleContext
{
    private readonly Dictionary<Type, RuleBinding> _rules;
    private readonly Dictionary<string, RuleBinding> _kinds;
    private readonly HashSet<string> _families;
    private readonly TraceSet _previous;
    private readonly Lock _lock = new();
    private readonly Dictionary<object, Computation> _memo = [];
    private readonly List<RerunReason> _reruns = [];
    private readonly Dictionary<string, (string Kind, object Key)> _decodedKeys = new(ReferenceEqualityComparer.Instance);

    private readonly ProfileRecorder? _profile;

    internal BuildEngine(Dictionary<Type, RuleBinding> rules, Dictionary<string, RuleBinding> kinds, TraceSet previous, ProfileRecorder? profile)
    {
        _rules = rules;
        _kinds = kinds;
        _families = [.. kinds.Keys.Where(k => k.LastIndexOf('/') > 0).Select(k => k[..k.LastIndexOf('/')])];
        _previous = previous;
        _profile = profile;
    }

    public ValueTask<TValue> GetAsync<TKey, TValue>(TKey key, CancellationToken ct) where TKey : notnull =>
        RequestAsync<TValue>(null, key, ct);

    public ValueTask<EquatableArray<TValue>> GetAllAsync<TKey, TValue>(IEnumerable<TKey> keys, CancellationToken ct)
        where TKey : notnull =>
        RequestAllAsync<TKey, TValue>(null, keys, ct);

    public ValueTask<EquatableArray<TValue>> GetAllByContentAsync<TKey, TValue>(IEnumerable<TKey> keys, CancellationToken ct)
        where TKey : notnull =>
        RequestAllAsync<TKey, TValue>(null, keys, ct);

    public bool TryGetPrevious<TValue>([MaybeNullWhen(false)] out TValue value)
    {
        value = default;
        return false;
    }

    public void DoNotPersist()
    {
    }

    /// The keys <paramref name="key"/>'s computation requested in this run, in first-request order;
    /// empty when it was not computed (or was cancelled). For tests and diagnostics.
    public IReadOnlyList<object> DependenciesOf(object key)
    {
        lock (_lock) return _memo.TryGetValue(key, out var computation) ? computation.Dependencies : [];
    }

    /// Persistent, non-volatile nodes this run computed rather than reused, with the reason (for `kiln why`).
    public IReadOnlyList<RerunReason> Reruns
    {
        get { lock (_lock) return [.. _reruns]; }
    }

    /// Every finished computation of this run, and whether it was reused from a trace.
    public IReadOnlyList<(object Key, bool Reused)> Nodes()
    {
        lock (_lock) return [.. _memo.Values.Where(c => c.Outcome.IsCompletedSuccessfully).Select(c => (c.Key, c.Reused))];
    }

    /// Called after a computation failed with a KilnException (its failure is recorded first, so Failures()
    /// holds it even when the callback cancels every wait: `--keep-going` off).
    public Action<KilnException>? FailureRecorded { get; set; }

    /// Called as a persistent node starts to compute rather than reuse its trace, with the reason (`--explain`).
    public Action<RerunReason>? RerunStarted { get; set; }

    /// The failures of this run's computations (each dependent's copy included), for a caller that stopped
    /// waiting after the first one.
    public IReadOnlyList<Exception> Failures()
    {
        lock (_lock) return [.. _memo.Values.Where(c => c.Outcome.IsFaulted).SelectMany(c => c.Outcome.Exception!.InnerExceptions)];
    }

    /// Whether the traces of this run differ from the previous ones: a persistent node was computed or lost its
    /// trace, or a volatile node's value changed (a new stamp). When not, there is nothing to write.
    public bool TracesChanged()
    {
        lock (_lock)
        {
            foreach (var c in _memo.Values)
            {
                if (c.Rule.Persistence is not { } p) continue;
                if (!c.Outcome.IsCompletedSuccessfully || c.Unpersistable || c.ValueBytes is null) return true;
                if (!p.IsVolatile && !c.Reused) return true;
                if (p.IsVolatile && (!_previous.TryGet(p.Kind, KeyText(c), out var old) || !old.Value.Span.SequenceEqual(c.ValueBytes.Value.Span)))
                    return true;
            }
            return false;
        }
    }

    /// How many persistent nodes were reused from traces, and how many computed.
    public (int Reused, int Computed) TraceCounts()
    {
        lock (_lock)
        {
            var persistent = _memo.Values.Where(c => c.IsCompleted && c.Rule.Persistence is { IsVolatile: false }).ToList();
            return (persistent.Count(c => c.Reused), persistent.Count(c => !c.Reused));
        }
    }

    /// The traces for the next run: the previous ones (but older versions of this engine's rules), updated with every
    /// persistent node this run finished.
    /// A node that failed, or whose dependencies cannot all be traced, loses its trace (it is computed next time).
    public TraceSet Traces()
    {
        var result = new TraceSet();
        // An older version of one of this engine's rules (`name/v1` beside `name/v2`) can never be verified again:
        // dropped, or every such trace would be carried forward, read and written, for ever. A kind this engine
        // has no version of at all (another command's rules) is kept.
        foreach (var node in _previous.Nodes.Where(n => !Superseded(n.Kind))) result.Set(node);
        lock (_lock)
        {
            foreach (var c in _memo.Values)
            {
                if (c.Rule.Persistence is not { } p || !c.IsCompleted) continue;
                var persistable = c.Outcome.IsCompletedSuccessfully && c.ValueBytes is not null && !c.Unpersistable
                    && !c.Groups.Any(g => g.Any(d => d.ValueBytes is null || d.Unpersistable || d.Rule.Persistence is null));
                // A node reused from its trace left that trace as it was: it is already in the result, and
                // encoding every key again is most of a save after a run that changed little.
                if (persistable && c.Reused) continue;
                var key = KeyText(c);
                if (!persistable)
                {
                    result.Remove(p.Kind, key);
                    continue;
                }
                var groups = c.Groups.Select(g => (IReadOnlyList<TraceDependency>)[.. g.Select(d =>
                    new TraceDependency(d.Rule.Persistence!.Kind, KeyText(d), d.Cutoff))]).ToList();
                result.Set(new NodeTrace(p.Kind, key, c.ValueBytes!.Value, c.Cutoff, groups));
            }
        }
        return result;
    }

    private bool Superseded(string kind) =>
        !_kinds.ContainsKey(kind) && kind.LastIndexOf('/') is > 0 and var slash && _families.Contains(kind[..slash]);

    /// A persistent computation's key as traces write it, encoded at most once per run.
    private static string KeyText(Computation c) => c.EncodedKey ??= c.Rule.Persistence!.EncodeKey(c.Key);

    internal bool TryGetPrevious<TValue>(Computation computation, [MaybeNullWhen(false)] out TValue value)
    {
        value = default;
        if (computation.Rule.Persistence is not { } p || !_previous.TryGet(p.Kind, KeyText(computation), out var trace)) return false;
        try
        {
            if (p.ReadValue(trace.Value) is not TValue v) return false;
            value = v;
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    internal async ValueTask<TValue> RequestAsync<TValue>(Computation? requester, object key, CancellationToken ct)
    {
        var (computation, waiting) = Enter(requester, key, typeof(TValue));
        if (requester is not null)
        {
            lock (_lock) requester.AddGroup([computation]);   // a rule may request from several tasks at once
        }
        return (TValue)TracedValue.Materialize(await AwaitAsync(requester, computation, waiting, ct))!;
    }

    /// `traced`: the group becomes a dependency of the requester's trace (<see cref="IRuleContext.GetAllByContentAsync"/>: not).
    internal async ValueTask<EquatableArray<TValue>> RequestAllAsync<TKey, TValue>(Computation? requester,
        IEnumerable<TKey> keys, CancellationToken ct, bool traced = true) where TKey : notnull
    {
        var group = new List<Computation>();
        var requests = new List<Task<object?>>();
        foreach (var key in keys)
        {
            var (computation, waiting) = Enter(requester, key, typeof(TValue));
            group.Add(computation);
            requests.Add(AwaitAsync(requester, computation, waiting, ct));
        }
        if (requester is not null && traced)
        {
            lock (_lock) requester.AddGroup(group);
        }
        await Task.WhenAll(requests.AsEnumerable<Task>()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (ct.IsCancellationRequested && !requests.All(r => r.IsCompletedSuccessfully))
            throw new OperationCanceledException(ct);
        var values = ImmutableArray.CreateBuilder<TValue>(requests.Count);
        foreach (var request in requests) values.Add((TValue)TracedValue.Materialize(await request)!);   // all done: rethrows the first failure in key order
        return new EquatableArray<TValue>(values.MoveToImmutable());
    }

    /// Finds or starts the computation for `key`, recording the edge from `requester` and checking for a cycle.
    private (Computation Computation, bool Waiting) Enter(Computation? requester, object key, Type valueType, string? encoded = null)
    {
        var rule = RuleFor(key, valueType);
        Computation computation;
        bool waiting = false, start;
        lock (_lock)
        {
            if (!_memo.TryGetValue(key, out computation!))
            {
                computation = new Computation(key, rule) { ProfileId = _profile?.NewNode() ?? 0, EncodedKey = encoded };
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
        return (computation, waiting);
    }

    private async Task<object?> AwaitAsync(Computation? requester, Computation computation, bool waiting, CancellationToken ct)
    {
        try
        {
            return await computation.Outcome.WaitAsync(ct);
        }
        finally
        {
            Release(requester, computation, waiting);
        }
    }

    private RuleBinding RuleFor(object key, Type valueType)
    {
        if (!_rules.TryGetValue(key.GetType(), out var rule)) throw EngineErrors.NoRule(key);
        if (!rule.ValueType.IsAssignableTo(valueType)) throw EngineErrors.WrongValueType(key, rule.ValueType, valueType);
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
        var started = 0L;
        if (_profile is not null)
        {
            ProfileRecorder.CurrentNode = computation.ProfileId;   // actions started for this computation name it
            started = _profile.Now();
        }
        try
        {
            await RunOnceAsync(computation);
        }
        finally
        {
            if (_profile is not null) RecordNode(_profile, computation, started);
        }
    }

    /// A finished (or failed) computation's span and the computations it requested, for the profile's critical path.
    private void RecordNode(ProfileRecorder profile, Computation computation, long started)
    {
        List<int> dependencies;
        lock (_lock) dependencies = [.. computation.Groups.SelectMany(g => g).Select(c => c.ProfileId).Distinct()];
        profile.Node(new ProfileNode(computation.ProfileId, Label(computation), started, profile.Now(), dependencies));
    }

    /// A computation's name in a profile: its key (records print their fields).
    private static string Label(Computation computation) => computation.Key.ToString() ?? computation.Key.GetType().Name;

    private static string Kind(Computation computation) => computation.Rule.Persistence?.Kind ?? computation.Key.GetType().Name;

    private async Task RunOnceAsync(Computation computation)
    {
        try
        {
            var value = await ReuseOrComputeAsync(computation);
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
            var failure = EngineErrors.While(e, computation.Key);
            lock (_lock) computation.Fail(failure);
            FailureRecorded?.Invoke(failure);
        }
        catch (Exception e)
        {
            lock (_lock) computation.Fail(e);
        }
    }

    /// A persistent node with a trace is verified first: every dependency, group by group in the order the rule
    /// asked for them, must yield the digest it yielded then. Then the traced value is the result (reused);
    /// otherwise the rule runs.
    private async Task<object?> ReuseOrComputeAsync(Computation computation)
    {
        var ctx = new ComputationContext(this, computation);
        var p = computation.Rule.Persistence;
        if (p is not null && !p.IsVolatile)
        {
            var key = KeyText(computation);
            RerunReason reason;
            if (_previous.TryGet(p.Kind, key, out var trace))
            {
                var checkStarted = _profile?.Now() ?? 0;
                var check = FirstChangeAsync(computation, trace);
                _profile?.EngineWork("trace check " + p.Kind, "engine", checkStarted, computation.ProfileId, key);   // its synchronous part
                var changed = await check;
                if (changed is null)
                {
                    computation.ValueBytes = trace.Value;
                    computation.Cutoff = trace.Cutoff;
                    computation.Reused = true;
                    return new TracedValue(p, key, trace.Value);
                }
                reason = changed;
                computation.ClearGroups();
            }
            else
            {
                reason = new RerunReason(p.Kind, key, null, null);
            }
            lock (_lock) _reruns.Add(reason);
            RerunStarted?.Invoke(reason);
        }
        var ruleStarted = _profile?.Now() ?? 0;
        var computing = computation.Rule.ComputeAsync(computation.Key, ctx, computation.Token);
        _profile?.EngineWork("rule " + Kind(computation), "engine", ruleStarted, computation.ProfileId, Label(computation));  // up to its first wait
        var value = await computing;
        if (p is not null)
        {
            var writeStarted = _profile?.Now() ?? 0;
            var bytes = p.WriteValue(value);
            computation.Cutoff = p.CutoffOf(value, bytes);
            computation.ValueBytes = bytes;
            _profile?.EngineWork("trace value " + p.Kind, "engine", writeStarted, computation.ProfileId);
        }
        return value;
    }

    /// The first dependency of `trace` whose digest differs now, or null when all are unchanged.
    private async Task<RerunReason?> FirstChangeAsync(Computation computation, NodeTrace trace)
    {
        var p = computation.Rule.Persistence!;
        var key = KeyText(computation);
        foreach (var group in trace.Dependencies)
        {
            var keys = new object[group.Count];
            for (var i = 0; i < group.Count; i++)
            {
                if (DecodeTraced(group[i]) is not { } decoded) return new RerunReason(p.Kind, key, group[i].Kind, group[i].Key);
                keys[i] = decoded;
            }
            var entered = new Computation[keys.Length];
            List<Task>? pending = null;
            for (var i = 0; i < keys.Length; i++)
            {
                var (c, waiting) = Enter(computation, keys[i], typeof(object), group[i].Key);
                entered[i] = c;
                if (c.IsCompleted) Release(computation, c, waiting);   // most dependencies of a warm run: nothing to await
                else (pending ??= []).Add(AwaitAsync(computation, c, waiting, computation.Token));
            }
            lock (_lock) computation.AddGroup([.. entered]);
            if (pending is not null) await Task.WhenAll(pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            computation.Token.ThrowIfCancellationRequested();
            for (var i = 0; i < group.Count; i++)
            {
                var outcome = entered[i].Outcome;
                if (outcome.IsCanceled) await outcome;   // rethrows: not a change, a cancellation
                if (!outcome.IsCompletedSuccessfully) return new RerunReason(p.Kind, key, group[i].Kind, group[i].Key, DependencyFailed: true);
                if (entered[i].Cutoff != group[i].Cutoff) return new RerunReason(p.Kind, key, group[i].Kind, group[i].Key);
            }
        }
        return null;
    }

    /// A traced dependency's key, decoded once per run: the trace database holds one string per distinct key,
    /// so the decoded keys are cached by that string's identity. Null: its kind is gone or the text is malformed.
    private object? DecodeTraced(TraceDependency dependency)
    {
        lock (_decodedKeys)
        {
            if (_decodedKeys.TryGetValue(dependency.Key, out var cached) && cached.Kind == dependency.Kind) return cached.Key;
        }
        if (!_kinds.TryGetValue(dependency.Kind, out var binding)) return null;
        object decoded;
        try { decoded = binding.Persistence!.DecodeKey(dependency.Key); }
        catch (Exception e) when (e is FormatException or InvalidDataException or ArgumentException) { return null; }
        lock (_decodedKeys) _decodedKeys[dependency.Key] = (dependency.Kind, decoded);
        return decoded;
    }

    /// Drops an unfinished or cancelled computation from the memo, so a later request computes afresh.
    private void Forget(Computation computation)
    {
        if (_memo.TryGetValue(computation.Key, out var current) && current == computation) _memo.Remove(computation.Key);
    }
}
