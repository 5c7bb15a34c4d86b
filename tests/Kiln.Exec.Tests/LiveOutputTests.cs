using System.Text;
using Kiln.Core;

namespace Kiln.Exec.Tests;

/// A run's stdout given to a listener as it is written (go test's streamed output), then captured as usual.
public class LiveOutputTests
{
    [Fact]
    public async Task ExecuteAsync_Listener_GetsOutputWhileTheProcessRuns()
    {
        // Given an action that prints, then waits (at most 30 s) for a file the listener writes when it has seen that line
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var signal = f.Temp.Combine("signal");
        var script = $"echo waiting; i=0; while [ ! -e '{signal}' ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done; [ -e '{signal}' ] && echo answered";
        var request = ExecFixture.Shell(script, f.InputRoot(), [], []);
        var seen = new StringBuilder();
        void Live(ReadOnlyMemory<byte> chunk)
        {
            lock (seen)
            {
                seen.Append(Encoding.UTF8.GetString(chunk.Span));
                if (seen.ToString().Contains("waiting\n", StringComparison.Ordinal)) File.WriteAllText(signal, "");
            }
        }

        // When it runs with a listener
        var result = await f.Executor().ExecuteAsync(request, accept: null, Live, ct);

        // Then the listener answered in time, and got the whole output, which is also captured
        Assert.True(result.Succeeded, f.Stderr(result));
        Assert.Equal("waiting\nanswered\n", seen.ToString());
        Assert.Equal("waiting\nanswered\n", Encoding.UTF8.GetString(f.Executor().ReadStdout(result)));
    }

    [Fact]
    public async Task ExecuteAsync_CachedResult_ListenerGetsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var request = ExecFixture.Shell("echo once", f.InputRoot(), [], []);
        var executor = f.Executor();
        await executor.ExecuteAsync(request, ct);

        var chunks = 0;
        var hit = await executor.ExecuteAsync(request, accept: null, _ => chunks++, ct);

        Assert.Equal(ActionOutcome.LocalCacheHit, hit.Outcome);
        Assert.Equal(0, chunks);
    }
}
