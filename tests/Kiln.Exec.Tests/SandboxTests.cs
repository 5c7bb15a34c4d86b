using System.Net;
using System.Net.Sockets;
using Kiln.Core;

namespace Kiln.Exec.Tests;

public class SandboxTests
{
    private static ProcessRequest Env(Digest root) =>
        new(new[] { "/usr/bin/env" },
            new EquatableMap<string>([new("PATH", "/usr/bin:/bin"), new("FOO", "bar baz"), new("EMPTY", ""), new("CACHE", "{sandbox}/.cache")]),
            root, EquatableArray<string>.Empty, EquatableArray<string>.Empty, "print env")
        { ToolDirectories = ExecFixture.ShellToolDirs };

    [Theory]
    [InlineData(SandboxMode.Directory)]
    [InlineData(SandboxMode.Strict)]
    public async Task RunAsync_Env_HoldsExactlyTheDeclaredVariables(SandboxMode mode)
    {
        // Given an action printing its environment
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();

        // When it runs
        var result = await f.Runner(mode).RunAsync(Env(f.InputRoot()), ct);

        // Then it saw the declared variables and nothing else; {sandbox} became the sandbox's root.
        // bwrap (0.8) always sets PWD to its --chdir directory, after --unsetenv; it names the working
        // directory, which getcwd() tells the action anyway, so strict mode has exactly that one extra.
        Assert.True(result.Succeeded, f.Stderr(result));
        var seen = f.Stdout(result).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
        var pwd = seen.Where(l => l.StartsWith("PWD=", StringComparison.Ordinal)).ToList();
        Assert.Equal(mode == SandboxMode.Strict ? 1 : 0, pwd.Count);
        if (pwd is [var line]) Assert.EndsWith("/root", line, StringComparison.Ordinal);
        Assert.Equal(["CACHE", "EMPTY", "FOO", "PATH"], seen.Except(pwd).Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)]));
        Assert.Contains("FOO=bar baz", seen);
        Assert.Contains("EMPTY=", seen);
        var cache = seen.Single(l => l.StartsWith("CACHE=", StringComparison.Ordinal))["CACHE=".Length..];
        Assert.StartsWith(f.Store.SandboxRoot + "/", cache, StringComparison.Ordinal);
        Assert.EndsWith("/root/.cache", cache, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Sandbox_HoldsExactlyTheInputRootAndIsRemovedAfterwards()
    {
        // Given an input root with a nested file
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var root = f.InputRoot(("a.txt", "A"), ("dir/b.txt", "B"));

        // When an action lists its working directory
        var result = await f.Runner().RunAsync(ExecFixture.Shell("find . | LC_ALL=C sort; cat dir/b.txt", root), ct);

        // Then it saw exactly the inputs, and the sandbox is gone after the run
        Assert.Equal(".\n./a.txt\n./dir\n./dir/b.txt\nB", f.Stdout(result));
        Assert.Empty(Directory.EnumerateFileSystemEntries(f.Store.SandboxRoot));
    }

    [Theory]
    [InlineData(SandboxMode.Directory)]
    [InlineData(SandboxMode.Strict)]
    public async Task ExecuteAsync_Timeout_KillsWholeProcessTreeAndIsNotCached(SandboxMode mode)
    {
        // Given an action that starts a background child and then blocks; the sleep durations mark them
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var marker = $"300.{Random.Shared.Next(100_000, 999_999)}";
        var request = ExecFixture.Shell($"sleep {marker} & sleep {marker}; echo never", f.InputRoot())
            with
        { Timeout = TimeSpan.FromSeconds(1), ToolDirectories = ExecFixture.ShellToolDirs };

        // When it runs into its timeout
        var run = f.Executor(mode).ExecuteAsync(request, ct);
        var sleepers = await Processes.WaitForAsync(marker, count: 2, ct);
        var result = await run;

        // Then it timed out, was not cached, and every process of the tree is gone
        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Contains("timed out", f.Stderr(result), StringComparison.Ordinal);
        Assert.IsType<Store.CacheMiss>(f.Store.GetActionResult(request.Key()));
        await Processes.AssertGoneAsync(sleepers, ct);
    }

    [Fact]
    public async Task ExecuteAsync_ExitsLeavingABackgroundChild_TheChildIsKilled()
    {
        // Given an action that starts a background child in its process group and exits at once
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var marker = $"300.{Random.Shared.Next(100_000, 999_999)}";
        var request = ExecFixture.Shell($"sleep {marker} >/dev/null 2>&1 & echo $!", f.InputRoot());

        // When it runs
        var result = await f.Executor().ExecuteAsync(request, ct);

        // Then it succeeded and the child it left behind is gone
        Assert.True(result.Succeeded);
        await Processes.AssertGoneAsync([int.Parse(f.Stdout(result).Trim(), System.Globalization.CultureInfo.InvariantCulture)], ct);
    }

    [Fact]
    public async Task RunAsync_Strict_UndeclaredHostFileIsInvisibleButToolDirsAreVisible()
    {
        // Given a host file outside every declared directory
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var secret = f.Temp.Write("secret.txt", "top secret");
        var request = ExecFixture.Shell($"ls /usr/bin/env /bin/sh /lib64 >/dev/null && echo tools-ok; cat '{secret}'", f.InputRoot())
            with
        { ToolDirectories = ExecFixture.ShellToolDirs };

        // When a strict action tries to read it
        var result = await f.Runner(SandboxMode.Strict).RunAsync(request, ct);

        // Then the tools were there but the file was not
        Assert.Equal("tools-ok\n", f.Stdout(result));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("No such file", f.Stderr(result), StringComparison.Ordinal);

        // And the same action in Directory mode does see it (the test is not vacuous)
        var open = await f.Runner(SandboxMode.Directory).RunAsync(request, ct);
        Assert.Equal("tools-ok\ntop secret", f.Stdout(open));
    }

    [Fact]
    public async Task RunAsync_Strict_HasNoNetwork()
    {
        // Given a listener on the host's loopback
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        // bash's /dev/tcp connects without needing any network tool in the sandbox
        var request = new ProcessRequest(new[] { "/bin/bash", "-c", $"cat /proc/net/dev; (exec 3<>/dev/tcp/127.0.0.1/{port}) && echo connected" },
            new EquatableMap<string>([new("PATH", "/usr/bin:/bin")]), f.InputRoot(), EquatableArray<string>.Empty, EquatableArray<string>.Empty, "net")
        { ToolDirectories = ExecFixture.ShellToolDirs };

        // When a strict action looks at its interfaces and connects to the listener
        var strict = await f.Runner(SandboxMode.Strict).RunAsync(request, ct);

        // Then only loopback exists and the connection is refused
        var interfaces = f.Stdout(strict).Split('\n').Skip(2).Where(l => l.Contains(':', StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)].Trim()).ToList();
        Assert.Equal(["lo"], interfaces);
        Assert.DoesNotContain("connected", f.Stdout(strict), StringComparison.Ordinal);
        Assert.NotEqual(0, strict.ExitCode);

        // And in Directory mode the same connection succeeds (the test is not vacuous)
        var open = await f.Runner(SandboxMode.Directory).RunAsync(request, ct);
        Assert.Contains("connected", f.Stdout(open), StringComparison.Ordinal);
    }

    [Fact]
    public void LocalRunner_StrictWithoutBubblewrap_IsEnvironmentError()
    {
        // Given a search path without bwrap
        using var f = new ExecFixture();
        var empty = f.Temp.Combine("empty-bin");
        Directory.CreateDirectory(empty);

        // When a strict runner is made
        var e = Assert.Throws<KilnException>(() => new LocalRunner(f.Store, new JobLimiter(1), SandboxMode.Strict, [empty]));

        // Then it says bubblewrap is missing, as an environment problem
        Assert.Equal(ErrorKind.Environment, e.Kind);
        Assert.Contains("bubblewrap", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StrictMissingToolDir_IsUserError()
    {
        // Given a strict action declaring a tool dir that does not exist
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var request = ExecFixture.Shell("true", f.InputRoot()) with { ToolDirectories = new[] { "/usr", f.Temp.Combine("nope") } };

        // When it runs / Then it fails with a message naming the directory
        var e = await Assert.ThrowsAsync<KilnException>(() => f.Runner(SandboxMode.Strict).RunAsync(request, ct));
        Assert.Equal(ErrorKind.User, e.Kind);
        Assert.Contains(("tool dir", f.Temp.Combine("nope")), e.Details);
    }
}
