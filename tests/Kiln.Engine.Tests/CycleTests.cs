using Kiln.Core;

namespace Kiln.Engine.Tests;

public class CycleTests
{
    [Fact]
    public async Task GetAsync_TwoStepCycle_ThrowsWithCyclePath()
    {
        var ct = TestContext.Current.CancellationToken;                      // Given: a -> b -> a
        var engine = Steps.Run(Steps.Graph(new() { ["a"] = ["b"], ["b"] = ["a"] }));

        var e = await Assert.ThrowsAsync<KilnException>(() => engine.GetAsync(new Step("a"), ct).AsTask());   // When

        Assert.Equal(ErrorKind.Internal, e.Kind);                            // Then
        Assert.Equal("dependency cycle: a -> b -> a", e.Message);
        Assert.Equal(["b", "a"], e.While);
    }

    [Fact]
    public async Task GetAsync_SelfCycle_ThrowsWithCyclePath()
    {
        var ct = TestContext.Current.CancellationToken;                      // Given: a -> a
        var engine = Steps.Run(Steps.Graph(new() { ["a"] = ["a"] }));

        var e = await Assert.ThrowsAsync<KilnException>(() => engine.GetAsync(new Step("a"), ct).AsTask());   // When

        Assert.Equal("dependency cycle: a -> a", e.Message);                 // Then
        Assert.Equal(["a"], e.While);
    }

    [Fact]
    public async Task GetAsync_CycleBetweenConcurrentlyStartedRoots_IsDetectedNotDeadlocked()
    {
        var ct = TestContext.Current.CancellationToken;                      // Given: a -> b -> a, both already running
        var running = 0;
        var bothRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = Steps.Run(Steps.Graph(new() { ["a"] = ["b"], ["b"] = ["a"] }, async (_, _) =>
        {
            if (Interlocked.Increment(ref running) == 2) bothRunning.SetResult();
            await bothRunning.Task.Within();
        }));

        var a = engine.GetAsync(new Step("a"), ct).AsTask();                 // When
        var b = engine.GetAsync(new Step("b"), ct).AsTask();

        var ea = await Assert.ThrowsAsync<KilnException>(() => a.Within());  // Then
        var eb = await Assert.ThrowsAsync<KilnException>(() => b.Within());
        Assert.StartsWith("dependency cycle: ", ea.Message, StringComparison.Ordinal);
        Assert.Equal(ea.Message, eb.Message);
    }
}
