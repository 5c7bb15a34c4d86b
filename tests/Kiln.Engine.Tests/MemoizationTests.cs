using Kiln.Core;

namespace Kiln.Engine.Tests;

public class MemoizationTests
{
    [Fact]
    public async Task GetAsync_ConcurrentIdenticalRequests_ComputesOnce()
    {
        var ct = TestContext.Current.CancellationToken;                      // Given: a rule held open by a gate
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rule = new RecordingRule<Step, string>(async (key, _, _) =>
        {
            started.TrySetResult();
            await gate.Task.Within();
            return key.Name + "!";
        });
        var engine = Steps.Run(rule);

        var requests = Enumerable.Range(0, 16)                               // When: many callers ask while it runs
            .Select(_ => Task.Run(() => engine.GetAsync(new Step("a"), ct).AsTask(), ct)).ToArray();
        await started.Task.Within();
        await Task.Delay(50, ct);
        gate.SetResult();
        var values = await Task.WhenAll(requests);

        Assert.All(values, v => Assert.Equal("a!", v));                      // Then
        Assert.Single(rule.Computed);
        Assert.Equal("a!", await engine.GetAsync(new Step("a"), ct));        // and later requests are memoized
        Assert.Single(rule.Computed);
    }

    [Fact]
    public async Task GetAsync_Diamond_ComputesSharedNodeOnceAndRecordsEdges()
    {
        var ct = TestContext.Current.CancellationToken;                      // Given: top -> left, right -> bottom
        var rule = Steps.Graph(new()
        {
            ["top"] = ["left", "right"],
            ["left"] = ["bottom"],
            ["right"] = ["bottom"],
        });
        var engine = Steps.Run(rule);

        var value = await engine.GetAsync(new Step("top"), ct);              // When

        Assert.Equal("top(left(bottom()),right(bottom()))", value);          // Then
        Assert.Equal(1, rule.CountOf(new Step("bottom")));
        Assert.Equal(4, rule.Computed.Count);
        Assert.Equal([new Step("left"), new Step("right")], engine.DependenciesOf(new Step("top")));
        Assert.Equal([new Step("bottom")], engine.DependenciesOf(new Step("right")));
        Assert.Empty(engine.DependenciesOf(new Step("bottom")));
    }

    [Fact]
    public async Task Build_NewRun_RecomputesFromEmptyMemo()
    {
        var ct = TestContext.Current.CancellationToken;                      // Given
        var rule = Steps.Graph([]);
        var builder = new EngineBuilder().Add(rule);
        await builder.Build().GetAsync(new Step("a"), ct);

        await builder.Build().GetAsync(new Step("a"), ct);                   // When

        Assert.Equal(2, rule.CountOf(new Step("a")));                        // Then
    }

    [Fact]
    public async Task GetAsync_DeepChainOf10000_DoesNotOverflowStack()
    {
        var ct = TestContext.Current.CancellationToken;                      // Given: Depth(n) -> Depth(n - 1)
        var rule = new RecordingRule<Depth, int>(async (key, ctx, ct) =>
            key.N == 0 ? 0 : await ctx.GetAsync(new Depth(key.N - 1), ct) + 1);
        var engine = Steps.Run(rule);

        var value = await engine.GetAsync(new Depth(10_000), ct);            // When

        Assert.Equal(10_000, value);                                         // Then
        Assert.Equal(10_001, rule.Computed.Count);
    }

    [Fact]
    public async Task GetAsync_NoRuleForKey_ThrowsInternal()
    {
        var engine = new EngineBuilder().Build();                            // Given

        var e = await Assert.ThrowsAsync<KilnException>(() =>                // When
            engine.GetAsync(new Step("a"), TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(ErrorKind.Internal, e.Kind);                            // Then
        Assert.Contains("no rule", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_SecondRuleForKeyType_Throws()
    {
        var builder = new EngineBuilder().Add(Steps.Graph([]));              // Given

        var e = Assert.Throws<KilnException>(() => builder.Add(Steps.Graph([])));   // When

        Assert.Equal(ErrorKind.Internal, e.Kind);                            // Then
    }

    [Fact]
    public async Task GetAsync_WrongValueType_ThrowsInternal()
    {
        var engine = Steps.Run(Steps.Graph([]));                             // Given: Step yields string

        var e = await Assert.ThrowsAsync<KilnException>(() =>                // When: asked for an int
            engine.GetAsync<Step, int>(new Step("a"), TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(ErrorKind.Internal, e.Kind);                            // Then
    }

    [Fact]
    public async Task GetAsync_ContextUsedAfterRuleFinished_ThrowsInternal()
    {
        var ct = TestContext.Current.CancellationToken;                      // Given: a rule that leaks its context
        IRuleContext? leaked = null;
        var engine = Steps.Run(new RecordingRule<Step, string>((key, ctx, _) =>
        {
            leaked ??= ctx;
            return ValueTask.FromResult(key.Name);
        }));
        await engine.GetAsync(new Step("a"), ct);

        var e = await Assert.ThrowsAsync<KilnException>(() => leaked!.GetAsync(new Step("b"), ct).AsTask());   // When

        Assert.Equal(ErrorKind.Internal, e.Kind);                            // Then
        Assert.Empty(engine.DependenciesOf(new Step("a")));
    }
}
