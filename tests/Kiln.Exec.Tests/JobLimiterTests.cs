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

    [Fact]
    public async Task AcquireAsync_SeveralWaiting_AFreedSlotGoesToTheHighestPriorityThenTheEarliestAsker()
    {
        // Given a limiter of one, taken, and four askers waiting with priorities 1, 5, 5, 3 (in that order)
        var ct = TestContext.Current.CancellationToken;
        var limiter = new JobLimiter(1);
        var held = await limiter.AcquireAsync(ct);
        var order = new List<string>();
        async Task Ask(string name, int priority)
        {
            using var slot = await limiter.AcquireAsync(priority, ct);
            lock (order) order.Add(name);
        }
        var asks = new[] { Ask("low", 1), Ask("high-first", 5), Ask("high-second", 5), Ask("mid", 3) };

        // When the slot is freed
        held.Dispose();
        await Task.WhenAll(asks);

        // Then they ran one at a time, highest priority first, equals in the order they asked
        Assert.Equal(["high-first", "high-second", "mid", "low"], order);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_ThrowsAndDoesNotKeepASlot()
    {
        // Given a limiter of one, taken, and a high-priority asker that gives up while waiting
        var ct = TestContext.Current.CancellationToken;
        var limiter = new JobLimiter(1);
        var held = await limiter.AcquireAsync(ct);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var cancelled = limiter.AcquireAsync(10, giveUp.Token);
        var later = limiter.AcquireAsync(1, ct);

        // When it is cancelled and the slot is then freed
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        held.Dispose();

        // Then the next asker gets the slot, and releasing it frees the one slot again
        (await later).Dispose();
        using var again = await limiter.AcquireAsync(ct);
        Assert.False(limiter.AcquireAsync(ct).IsCompleted);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-3, 1)]
    [InlineData(8, 8)]
    public void Jobs_NonPositive_IsOne(int requested, int expected) => Assert.Equal(expected, new JobLimiter(requested).Jobs);

    private static long Read(string dir, string name) =>
        long.Parse(File.ReadAllText(Path.Combine(dir, name)).Trim(), CultureInfo.InvariantCulture);
}
