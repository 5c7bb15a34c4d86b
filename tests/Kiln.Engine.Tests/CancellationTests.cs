namespace Kiln.Engine.Tests;

public class CancellationTests
{
    /// A leaf that waits forever the first time (recording whether it saw cancellation) and answers at once later.
    private sealed class SlowOnce
    {
        private int _calls;
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource SawCancellation { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Calls => _calls;

        public async ValueTask<string> LeafAsync(CancellationToken ct)
        {
            if (Interlocked.Increment(ref _calls) > 1) return "done";
            Started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                SawCancellation.TrySetResult();
                throw;
            }
            return "never";
        }
    }

    private static BuildEngine Run(SlowOnce slow) => Steps.Run(new RecordingRule<Step, string>((key, ctx, ct) =>
        key.Name == "top" ? ctx.GetAsync(new Step("leaf"), ct) : slow.LeafAsync(ct)));

    [Fact]
    public async Task GetAsync_CallerCancels_CancelsRunningComputationAndDoesNotCacheIt()
    {
        var ct = TestContext.Current.CancellationToken;                      // Given: a running computation
        var slow = new SlowOnce();
        var engine = Run(slow);
        using var cts = new CancellationTokenSource();
        var request = engine.GetAsync(new Step("leaf"), cts.Token).AsTask();
        await slow.Started.Task.Within();

        await cts.CancelAsync();                                             // When

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.Within());   // Then
        await slow.SawCancellation.Task.Within();
        Assert.Equal("done", await engine.GetAsync(new Step("leaf"), ct));   // and a later request recomputes
        Assert.Equal(2, slow.Calls);
    }

    [Fact]
    public async Task GetAsync_DependentCancelled_CancelsItsDependencies()
    {
        var ct = TestContext.Current.CancellationToken;                      // Given: top -> leaf, leaf running
        var slow = new SlowOnce();
        var engine = Run(slow);
        using var cts = new CancellationTokenSource();
        var request = engine.GetAsync(new Step("top"), cts.Token).AsTask();
        await slow.Started.Task.Within();

        await cts.CancelAsync();                                             // When

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.Within());   // Then
        await slow.SawCancellation.Task.Within();
        Assert.Equal("done", await engine.GetAsync(new Step("top"), ct));
        Assert.Equal(2, slow.Calls);
    }

    [Fact]
    public async Task GetAsync_OneOfTwoCallersCancels_SharedComputationContinuesForTheOther()
    {
        var ct = TestContext.Current.CancellationToken;                      // Given: two callers of one gated computation
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sawCancellation = false;
        var rule = new RecordingRule<Step, string>(async (key, _, ruleCt) =>
        {
            started.TrySetResult();
            await gate.Task.Within();
            sawCancellation = ruleCt.IsCancellationRequested;
            return key.Name;
        });
        var engine = Steps.Run(rule);
        using var cts = new CancellationTokenSource();
        var leaving = engine.GetAsync(new Step("a"), cts.Token).AsTask();
        var staying = engine.GetAsync(new Step("a"), ct).AsTask();
        await started.Task.Within();

        await cts.CancelAsync();                                             // When: one leaves, then the work finishes
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving.Within());
        gate.SetResult();

        Assert.Equal("a", await staying.Within());                           // Then
        Assert.False(sawCancellation);
        Assert.Single(rule.Computed);
    }

    [Fact]
    public async Task GetAsync_RuleThrowsCancellationOfItsOwn_ReachesCallerButIsNotMemoized()
    {
        var ct = TestContext.Current.CancellationToken;                      // Given: a rule whose first attempt times out
        var calls = 0;
        var engine = Steps.Run(new RecordingRule<Step, string>((_, _, _) => Interlocked.Increment(ref calls) == 1
            ? throw new TaskCanceledException("timed out")
            : ValueTask.FromResult("ok")));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.GetAsync(new Step("a"), ct).AsTask());

        var value = await engine.GetAsync(new Step("a"), ct);                // When: the same run asks again

        Assert.Equal("ok", value);                                           // Then
        Assert.Equal(2, calls);
    }
}
