namespace Kiln.Exec;

/// Bounds how many actions run at once across the whole run (`--jobs`, default: cores). A freed slot goes to the
/// waiting action of highest priority (ProcessRequest.Priority: the longest chain of work still behind it), the
/// earliest asker among equals, so the actions that bound the wall time start first.
public sealed class JobLimiter(int jobs)
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<Waiter, (int Priority, long Order)> _waiting = new(Comparer<(int Priority, long Order)>.Create(
        (a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : a.Order.CompareTo(b.Order)));
    private int _free = Math.Max(1, jobs);
    private long _asked;

    public int Jobs { get; } = Math.Max(1, jobs);

    public Task<IDisposable> AcquireAsync(CancellationToken ct) => AcquireAsync(priority: 0, ct);

    /// A slot, once none of higher priority (or of equal priority asked earlier) is waiting.
    public async Task<IDisposable> AcquireAsync(int priority, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_lock)
        {
            if (_free > 0 && _waiting.Count == 0)
            {
                _free--;
                return new Slot(this);
            }
            waiter = new Waiter();
            _waiting.Enqueue(waiter, (priority, _asked++));
        }
        using (ct.Register(() => waiter.Cancel(ct))) await waiter.Task; // throws when cancelled before it was granted
        return new Slot(this);
    }

    private void Release()
    {
        lock (_lock)
        {
            while (_waiting.TryDequeue(out var next, out _))
            {
                if (next.TryGrant()) return; // the slot passes straight to it
            }
            _free++;
        }
    }

    /// One queued asker: granted a slot by Release, or cancelled (then Release skips it).
    private sealed class Waiter
    {
        private readonly TaskCompletionSource _granted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _state; // 0 waiting, 1 granted, 2 cancelled

        public Task Task => _granted.Task;

        public bool TryGrant()
        {
            if (Interlocked.CompareExchange(ref _state, 1, 0) != 0) return false;
            _granted.SetResult();
            return true;
        }

        public void Cancel(CancellationToken ct)
        {
            if (Interlocked.CompareExchange(ref _state, 2, 0) == 0) _granted.SetCanceled(ct);
        }
    }

    private sealed class Slot(JobLimiter limiter) : IDisposable
    {
        private int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) limiter.Release();
        }
    }
}
