using Kiln.Core;

namespace Kiln.Engine.Tests;

public class FailureTests
{
    private static RecordingRule<Step, string> FailingLeaf(Func<Step, Exception?> failure) =>
        new(async (key, ctx, ct) =>
        {
            await Task.Yield();
            if (key.Name.StartsWith("top", StringComparison.Ordinal)) return await ctx.GetAsync(new Step("leaf"), ct);
            throw failure(key) ?? throw new InvalidOperationException("no failure given");
        });

    [Fact]
    public async Task GetAsync_FailingDependency_ReachesEveryDependentWithItsWhileChain()
    {
        var ct = TestContext.Current.CancellationToken;                      // Given: top1 -> leaf, top2 -> leaf; leaf fails
        var rule = FailingLeaf(_ => new KilnException(ErrorKind.User, "boom", [("what", "leaf")]));
        var engine = Steps.Run(rule);

        var top1 = engine.GetAsync(new Step("top1"), ct).AsTask();           // When
        var top2 = engine.GetAsync(new Step("top2"), ct).AsTask();

        var e1 = await Assert.ThrowsAsync<KilnException>(() => top1);        // Then
        var e2 = await Assert.ThrowsAsync<KilnException>(() => top2);
        Assert.Equal(["leaf", "top1"], e1.While);
        Assert.Equal(["leaf", "top2"], e2.While);
        Assert.All([e1, e2], e =>
        {
            Assert.Equal(ErrorKind.User, e.Kind);
            Assert.Equal("boom", e.Message);
            Assert.Equal([("what", "leaf")], e.Details);
        });
        Assert.Equal(1, rule.CountOf(new Step("leaf")));
    }

    [Fact]
    public async Task GetAsync_FailedKeyAgainInSameRun_SharesFailureWithoutRecomputing()
    {
        var ct = TestContext.Current.CancellationToken;                      // Given: a run where leaf failed
        var rule = FailingLeaf(_ => new KilnException(ErrorKind.Environment, "remote down"));
        var engine = Steps.Run(rule);
        var first = await Assert.ThrowsAsync<KilnException>(() => engine.GetAsync(new Step("leaf"), ct).AsTask());

        var again = await Assert.ThrowsAsync<KilnException>(() => engine.GetAsync(new Step("leaf"), ct).AsTask());   // When

        Assert.Same(first, again);                                           // Then
        Assert.Equal(["leaf"], again.While);
        Assert.Equal(1, rule.CountOf(new Step("leaf")));
    }

    [Fact]
    public async Task GetAsync_FailedKeyInLaterRun_IsRetried()
    {
        var ct = TestContext.Current.CancellationToken;                      // Given: a leaf that fails only the first time
        var calls = 0;
        var rule = new RecordingRule<Step, string>((_, _, _) => Interlocked.Increment(ref calls) == 1
            ? throw new KilnException(ErrorKind.Environment, "download failed")
            : ValueTask.FromResult("ok"));
        var builder = new EngineBuilder().Add(rule);
        await Assert.ThrowsAsync<KilnException>(() => builder.Build().GetAsync(new Step("leaf"), ct).AsTask());

        var value = await builder.Build().GetAsync(new Step("leaf"), ct);    // When: the next run asks again

        Assert.Equal("ok", value);                                           // Then
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task GetAsync_OtherException_PropagatesUnchangedToDependents()
    {
        var ct = TestContext.Current.CancellationToken;                      // Given: a rule bug in leaf
        var bug = new InvalidOperationException("bug");
        var engine = Steps.Run(FailingLeaf(_ => bug));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.GetAsync(new Step("top"), ct).AsTask());   // When

        Assert.Same(bug, e);                                                 // Then
    }
}
