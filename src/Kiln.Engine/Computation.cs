namespace Kiln.Engine;

/// One key's computation in a run: its outcome, who waits for it, what it depends on and waits on.
/// The plain fields are guarded by the engine's lock; the outcome and the token are thread-safe.
internal sealed class Computation(object key, RuleBinding rule)
{
    private readonly TaskCompletionSource<object?> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<object> _dependencies = [];
    private readonly HashSet<object> _dependencySet = [];
    private readonly Dictionary<Computation, int> _waitingOn = [];
    private readonly List<List<Computation>> _groups = [];
    private bool _started;

    public object Key => key;
    public RuleBinding Rule => rule;
    public Task<object?> Outcome => _outcome.Task;
    public bool IsCompleted => _outcome.Task.IsCompleted;
    public CancellationToken Token => _cancel.Token;

    /// Callers currently awaiting the outcome; at zero an unfinished computation is cancelled.
    public int Waiters { get; set; }

    /// Unfinished computations this one is awaiting right now: the edges of the wait-for graph.
    public IEnumerable<Computation> WaitingOn => _waitingOn.Keys;

    public bool IsWaiting => _waitingOn.Count > 0;

    public IReadOnlyList<object> Dependencies => [.. _dependencies];

    /// The computations this one requested, grouped as requested together, in order (for its trace).
    public IReadOnlyList<List<Computation>> Groups => _groups;

    /// Set on success of a persistent rule: the serialized value and the digest dependents compare.
    public ReadOnlyMemory<byte>? ValueBytes { get; set; }
    public Core.Digest Cutoff { get; set; }

    /// The rule (or a dependency it could not trace) asked not to be persisted this run.
    public bool Unpersistable { get; set; }

    /// Its id in the run's profile (0: not profiling).
    public int ProfileId { get; init; }

    /// Its key as the trace database writes it (persistent rules only): taken from the trace when a verification
    /// requested it, else encoded once, on first use.
    public string? EncodedKey { get; set; }

    /// Reused from the previous run's trace instead of computed.
    public bool Reused { get; set; }

    public void AddGroup(List<Computation> group) => _groups.Add(group);

    /// Forgets what verification requested before the rule runs for real: its trace lists the rule's own requests.
    public void ClearGroups() => _groups.Clear();

    public bool TryStart()
    {
        if (_started) return false;
        _started = true;
        return true;
    }

    public void RecordDependency(object dependency)
    {
        if (_dependencySet.Add(dependency)) _dependencies.Add(dependency);
    }

    public void StartWaitingOn(Computation other) =>
        _waitingOn[other] = _waitingOn.GetValueOrDefault(other) + 1;

    public void StopWaitingOn(Computation other)
    {
        if (--_waitingOn[other] == 0) _waitingOn.Remove(other);
    }

    public void Cancel() => _cancel.Cancel();
    public void Succeed(object? value) => _outcome.TrySetResult(value);
    public void Fail(Exception e) => _outcome.TrySetException(e);
    public void Cancelled() => _outcome.TrySetCanceled(_cancel.Token);
}
