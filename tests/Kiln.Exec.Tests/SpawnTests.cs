using Kiln.Core;

namespace Kiln.Exec.Tests;

/// How an action's process starts and ends: a program that cannot start is a clear error, a signal's death is
/// reported as a shell reports it, and nothing but /dev/null is on its standard input.
public class SpawnTests
{
    [Fact]
    public async Task RunAsync_ProgramMissing_IsAUserErrorNamingIt_AndLeavesNoSandbox()
    {
        // Given an action whose program does not exist
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var request = ExecFixture.Shell("true", f.InputRoot()) with { Argv = new EquatableArray<string>(["/nonexistent/kiln-tool", "-x"]) };

        // When it runs
        var e = await Assert.ThrowsAsync<KilnException>(() => f.Runner().RunAsync(request, ct));

        // Then the error names the program and why, and the sandbox is gone
        Assert.Equal(ErrorKind.User, e.Kind);
        Assert.Contains(("program", "/nonexistent/kiln-tool"), e.Details);
        Assert.Contains(e.Details, d => d.Label == "why" && d.Value.Contains("No such file or directory", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(f.Store.SandboxRoot));
    }

    [Theory]
    [InlineData(SandboxMode.Directory)]
    [InlineData(SandboxMode.Strict)]
    public async Task RunAsync_KilledByASignal_ExitsWith128PlusTheSignal_StdinIsEmpty(SandboxMode mode)
    {
        // Given an action that reads its stdin, writes both streams, then kills itself with SIGTERM
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var request = ExecFixture.Shell("echo in=$(cat); echo err >&2; kill -TERM $$", f.InputRoot()) with { ToolDirectories = ExecFixture.ShellToolDirs };

        // When it runs
        var result = await f.Runner(mode).RunAsync(request, ct);

        // Then its output was kept and its exit is 128 + 15, as a shell shows a signalled child
        Assert.Equal(143, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.Equal("in=\n", f.Stdout(result));
        Assert.Equal("err\n", f.Stderr(result));
    }
}
