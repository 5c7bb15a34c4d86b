using Kiln.Core;
using Kiln.Store;

namespace Kiln.Exec.Tests;

public class CachingExecutorTests
{
    [Fact]
    public async Task ExecuteAsync_SecondRun_IsCacheHitWithSameOutputsAndDoesNotRun()
    {
        // Given an action that leaves a trace on the host (Directory mode sees it) and writes an output
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var trace = f.Temp.Combine("trace.txt");
        var request = ExecFixture.Shell($"echo ran >> '{trace}'; echo hello > out.txt", f.InputRoot(("in.txt", "x")), ["out.txt"]);
        var executor = f.Executor();

        // When it is executed twice
        var first = await executor.ExecuteAsync(request, ct);
        var second = await executor.ExecuteAsync(request, ct);

        // Then the second is answered from the cache without running the process
        Assert.Equal(ActionOutcome.Executed, first.Outcome);
        Assert.Equal(ActionOutcome.LocalCacheHit, second.Outcome);
        Assert.Equal(["ran"], File.ReadAllLines(trace));
        Assert.Equal(first.OutputFile("out.txt")!.Digest, second.OutputFile("out.txt")!.Digest);
        Assert.Equal(Digest.Of("hello\n"u8), LocalStore.FromProto(second.OutputFile("out.txt")!.Digest));
        Assert.Equal(first.Key, second.Key);
        Assert.Equal((2, 1, 1), (f.Store.Stats.ActionsTotal, f.Store.Stats.ActionsExecuted, f.Store.Stats.LocalCacheHits));
    }

    [Fact]
    public async Task ExecuteAsync_NoCachePolicy_RunsEveryTime()
    {
        // Given a successful action that must not be cached
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var trace = f.Temp.Combine("trace.txt");
        var request = ExecFixture.Shell($"echo ran >> '{trace}'", f.InputRoot()) with { CachePolicy = CachePolicy.NoCache };
        var executor = f.Executor();

        // When it is executed twice
        await executor.ExecuteAsync(request, ct);
        var second = await executor.ExecuteAsync(request, ct);

        // Then it ran twice
        Assert.Equal(ActionOutcome.Executed, second.Outcome);
        Assert.Equal(["ran", "ran"], File.ReadAllLines(trace));
        Assert.IsType<CacheMiss>(f.Store.GetActionResult(request.Key()));
    }

    [Fact]
    public async Task ExecuteAsync_NonZeroExit_IsNeverCached()
    {
        // Given an action that fails
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var trace = f.Temp.Combine("trace.txt");
        var request = ExecFixture.Shell($"echo ran >> '{trace}'; echo oops >&2; exit 3", f.InputRoot());
        var executor = f.Executor();

        // When it is executed twice
        var first = await executor.ExecuteAsync(request, ct);
        var second = await executor.ExecuteAsync(request, ct);

        // Then both runs executed, failed, and nothing was cached
        foreach (var r in new[] { first, second })
        {
            Assert.Equal(ActionOutcome.Failed, r.Outcome);
            Assert.Equal(3, r.ExitCode);
            Assert.False(r.Succeeded);
            Assert.Equal("oops\n", f.Stderr(r));
        }
        Assert.Equal(["ran", "ran"], File.ReadAllLines(trace));
        Assert.Equal((2, 2, 0), (f.Store.Stats.ActionsTotal, f.Store.Stats.ActionsExecuted, f.Store.Stats.LocalCacheHits));
        Assert.IsType<CacheMiss>(f.Store.GetActionResult(request.Key()));
        Assert.Equal(2, f.Events.Events.OfType<ActionFinished>().Count(e => e.Outcome == ActionOutcome.Failed));
    }

    [Fact]
    public async Task ExecuteAsync_Success_StoresCommandAndActionEncodings()
    {
        // Given an action
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var request = ExecFixture.Shell("true", f.InputRoot());

        // When it runs
        await f.Executor().ExecuteAsync(request, ct);

        // Then its Action and Command can be read back by digest, as a remote cache or `kiln why` would
        var encoded = request.Encode();
        Assert.Equal(encoded.Action, f.Store.TryReadBytes(encoded.Key.Digest));
        Assert.Equal(encoded.Command, f.Store.TryReadBytes(Digest.Of(encoded.Command)));
    }
}
