using Kiln.Go.Test;

namespace Kiln.Go.Tests.Test;

/// go test -bench's order of runs: the first once every binary is built, then one package at a time in order.
public sealed class RunTurnsTests
{
    [Fact]
    public async Task WaitAsync_FirstWaitsForEveryBuild_LaterOnesForThePreviousRun()
    {
        var turns = new RunTurns(3);
        var ct = TestContext.Current.CancellationToken;

        var second = turns.WaitAsync(1, ct);
        var first = turns.WaitAsync(0, ct);
        await Task.Delay(50, ct);
        Assert.False(first.IsCompleted);                 // package 2 is still building
        turns.Finish(2);                                 // ...and fails to build: it finishes without a run
        await first;
        Assert.False(second.IsCompleted);                // package 0 is running
        turns.Finish(0);
        await second;
        turns.Finish(1);
    }
}
