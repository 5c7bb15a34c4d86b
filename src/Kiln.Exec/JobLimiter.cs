namespace Kiln.Exec;

/// Bounds how many actions run at once across the whole run (`--jobs`, default: cores).
public sealed class JobLimiter(int jobs)
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, jobs), Math.Max(1, jobs));

    public int Jobs { get; } = Math.Max(1, jobs);

    public async Task<IDisposable> AcquireAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        return new Slot(_slots);
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
