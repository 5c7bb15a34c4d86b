using Kiln.Core;

namespace Kiln.Exec.Tests;

/// How long an action lives: not shorter than its own run, not longer than its caller wants.
public class LifetimeTests
{
    [Theory]
    [InlineData(SandboxMode.Directory)]
    [InlineData(SandboxMode.Strict)]
    public async Task RunAsync_StartingThreadExits_ActionKeepsRunning(SandboxMode mode)
    {
        // Given an action started from a thread that exits right after starting it (as an idle
        // thread-pool thread retires during a long compile)
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var runner = f.Runner(mode);
        var request = ExecFixture.Shell("sleep 1.5; echo survived", f.InputRoot()) with { ToolDirectories = ExecFixture.ShellToolDirs };
        Task<ExecutionResult>? run = null;
        var starter = new Thread(() => run = runner.RunAsync(request, ct));

        // When the thread ends while the action runs
        starter.Start();
        starter.Join();
        var result = await run!;

        // Then the action ran to completion
        Assert.True(result.Succeeded, $"exit {result.ExitCode}: {f.Stderr(result)}");
        Assert.Equal("survived\n", f.Stdout(result));
    }

    [Theory]
    [InlineData(SandboxMode.Directory)]
    [InlineData(SandboxMode.Strict)]
    public async Task ExecuteAsync_Cancelled_KillsProcessTreeThrowsAndCachesNothing(SandboxMode mode)
    {
        // Given a long action with a background child
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var f = new ExecFixture();
        var marker = $"300.{Random.Shared.Next(100_000, 999_999)}";
        var request = ExecFixture.Shell($"sleep {marker} & sleep {marker}", f.InputRoot()) with { ToolDirectories = ExecFixture.ShellToolDirs };

        // When the build is cancelled while it runs
        var run = f.Executor(mode).ExecuteAsync(request, cts.Token);
        var sleepers = await Processes.WaitForAsync(marker, count: 2, TestContext.Current.CancellationToken);
        await cts.CancelAsync();

        // Then the caller sees a cancellation, every process is gone, nothing is cached, the sandbox is removed
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await Processes.AssertGoneAsync(sleepers, TestContext.Current.CancellationToken);
        Assert.IsType<Store.CacheMiss>(f.Store.GetActionResult(request.Key()));
        Assert.Empty(Directory.EnumerateFileSystemEntries(f.Store.SandboxRoot));
        Assert.DoesNotContain(f.Events.Events.OfType<ActionFinished>(), e => e.Outcome == ActionOutcome.Failed);
    }
}
