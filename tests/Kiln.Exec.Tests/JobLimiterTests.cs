using System.Globalization;

namespace Kiln.Exec.Tests;

public class JobLimiterTests
{
    [Fact]
    public async Task ExecuteAsync_SixSleepyActionsTwoJobs_NeverMoreThanTwoAtOnce()
    {
        // Given six distinct actions that record, on the host, when they start and stop
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var log = f.Temp.Combine("log");
        Directory.CreateDirectory(log);
        var executor = f.Executor(jobs: 2);
        var requests = Enumerable.Range(0, 6).Select(i => ExecFixture.Shell(
            $"date +%s%N > '{log}/{i}.start'; sleep 0.3; date +%s%N > '{log}/{i}.stop'", f.InputRoot()));

        // When they are all started at once
        var results = await Task.WhenAll(requests.Select(r => executor.ExecuteAsync(r, ct)));

        // Then all ran, at most two overlapped, and two did (the limit was reached, not just respected)
        Assert.All(results, r => Assert.True(r.Succeeded));
        var events = Enumerable.Range(0, 6)
            .SelectMany(i => new[] { (At: Read(log, $"{i}.start"), Delta: +1), (At: Read(log, $"{i}.stop"), Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta); // a stop and a start at the same instant do not overlap
        var running = 0;
        var most = 0;
        foreach (var e in events) most = Math.Max(most, running += e.Delta);
        Assert.Equal(2, most);
    }

    [Fact]
    public async Task AcquireAsync_AllSlotsTaken_WaitsUntilOneIsReleasedOnce()
    {
        // Given a limiter of two with both slots taken
        var ct = TestContext.Current.CancellationToken;
        var limiter = new JobLimiter(2);
        var a = await limiter.AcquireAsync(ct);
        using var b = await limiter.AcquireAsync(ct);

        // When a third asks
        var third = limiter.AcquireAsync(ct);
        await Task.Delay(50, ct);
        Assert.False(third.IsCompleted);

        // Then releasing one slot (twice, which counts once) admits exactly one more
        a.Dispose();
        a.Dispose();
        using var c = await third;
        var fourth = limiter.AcquireAsync(ct);
        await Task.Delay(50, ct);
        Assert.False(fourth.IsCompleted);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-3, 1)]
    [InlineData(8, 8)]
    public void Jobs_NonPositive_IsOne(int requested, int expected) => Assert.Equal(expected, new JobLimiter(requested).Jobs);

    private static long Read(string dir, string name) =>
        long.Parse(File.ReadAllText(Path.Combine(dir, name)).Trim(), CultureInfo.InvariantCulture);
}
