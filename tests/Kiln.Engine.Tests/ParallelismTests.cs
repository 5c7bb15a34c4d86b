using Kiln.Core;

namespace Kiln.Engine.Tests;

public class ParallelismTests
{
    [Fact]
    public async Task GetAllAsync_IndependentKeys_RunInParallel()
    {
        const int Leaves = 8;                                                // Given: leaves that finish only once all have started
        var ct = TestContext.Current.CancellationToken;
        var running = 0;
        var allRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var names = Enumerable.Range(0, Leaves).Select(i => $"leaf{i}").ToArray();
        var rule = Steps.Graph(new() { ["top"] = names }, async (key, _) =>
        {
            if (key.Name == "top") return;
            if (Interlocked.Increment(ref running) == Leaves) allRunning.SetResult();
            await allRunning.Task.Within();
        });
        var engine = Steps.Run(rule);

        var value = await engine.GetAsync(new Step("top"), ct);              // When

        Assert.Equal($"top({string.Join(",", names.Select(n => n + "()"))})", value);   // Then: values in key order
        Assert.Equal(names.Select(n => new Step(n)), engine.DependenciesOf(new Step("top")));
    }

    [Fact]
    public async Task GetAllAsync_SeveralFail_ThrowsFirstFailureInKeyOrder()
    {
        var ct = TestContext.Current.CancellationToken;                      // Given: y fails before x does
        var yFailed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = Steps.Run(new RecordingRule<Step, string>(async (key, _, _) =>
        {
            if (key.Name == "y")
            {
                yFailed.SetResult();
                throw new KilnException(ErrorKind.User, "y failed");
            }
            await yFailed.Task.Within();
            throw new KilnException(ErrorKind.User, "x failed");
        }));

        var e = await Assert.ThrowsAsync<KilnException>(() =>              // When
            engine.GetAllAsync([new Step("x"), new Step("y")], ct).AsTask());

        Assert.Equal("x failed", e.Message);                                 // Then
    }
}
