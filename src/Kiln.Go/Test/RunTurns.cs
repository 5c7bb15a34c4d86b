namespace Kiln.Go.Test;

/// The order go test gives benchmark runs (-bench): one package at a time, in the order of the matches, the first
/// once every test binary is built (or has failed to build), so neither a build nor another package's benchmarks
/// compete with a benchmark for the CPU. A package that does not run (no tests, a build failure) takes its turn
/// by finishing.
internal sealed class RunTurns
{
    private readonly TaskCompletionSource[] _built;
    private readonly TaskCompletionSource[] _finished;

    public RunTurns(int count)
    {
        _built = [.. Enumerable.Range(0, count).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
        _finished = [.. Enumerable.Range(0, count).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
    }

    /// Package i's binary is built: waits until every binary is and the package before it has finished.
    public async Task WaitAsync(int i, CancellationToken ct)
    {
        _built[i].TrySetResult();
        await Task.WhenAll(_built.Select(b => b.Task)).WaitAsync(ct);
        if (i > 0) await _finished[i - 1].Task.WaitAsync(ct);
    }

    /// Package i is done, run or not.
    public void Finish(int i)
    {
        _built[i].TrySetResult();
        _finished[i].TrySetResult();
    }
}
