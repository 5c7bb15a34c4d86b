using Kiln.Cli.Rendering;
using Kiln.Core;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.Cli.Tests;

/// The non-terminal progress lines, driven by a scripted event sequence and a fake clock.
public sealed class PlainProgressTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static ActionKey Key(int i) => new(Digest.Of([(byte)i]));

    private static void Cached(PlainProgress p, int i) =>
        p.On(new ActionFinished($"compile example.com/p{i}", Key(i), ActionOutcome.LocalCacheHit, 0, TimeSpan.Zero));

    private static void Ran(PlainProgress p, int i, ActionOutcome outcome = ActionOutcome.Executed)
    {
        p.On(new ActionStarted($"compile example.com/p{i}", Key(i)));
        p.On(new ActionFinished($"compile example.com/p{i}", Key(i), outcome, outcome == ActionOutcome.Failed ? 1 : 0, TimeSpan.FromSeconds(1)));
    }

    private static string[] Lines(StringWriter w) => w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void On_ManyActionsWithinOneInterval_PrintsNothing()
    {
        var err = new StringWriter();                                                        // Given
        var time = new FakeTimeProvider();
        using var progress = new PlainProgress(err, time, Interval);
        progress.On(new WorkPlanned("build", 340));

        for (var i = 0; i < 200; i++) Cached(progress, i);                                 // When
        for (var i = 200; i < 212; i++) Ran(progress, i);

        Assert.Empty(err.ToString());                                                        // Then: not one line per action
    }

    [Fact]
    public void On_IntervalElapsed_PrintsOneCounterLineWithCacheHitsAndRunningAction()
    {
        var err = new StringWriter();                                                        // Given
        var time = new FakeTimeProvider();
        using var progress = new PlainProgress(err, time, Interval);
        progress.On(new WorkPlanned("build", 340));
        for (var i = 0; i < 200; i++) Cached(progress, i);
        for (var i = 200; i < 212; i++) Ran(progress, i);
        progress.On(new ActionStarted("compile example.com/slow", Key(250)));

        time.Advance(Interval);                                                              // When: the timer fires

        Assert.Equal(["[212/340] compile example.com/slow (200 cached)"], Lines(err));      // Then
        time.Advance(Interval);                                                              // nothing changed: no repeat
        Assert.Single(Lines(err));
    }

    [Fact]
    public void On_EventsAfterInterval_PrintAtMostOneLinePerInterval()
    {
        var err = new StringWriter();                                                        // Given
        var time = new FakeTimeProvider();
        using var progress = new PlainProgress(err, time, Interval);
        progress.On(new WorkPlanned("build", 10));

        for (var i = 0; i < 10; i++)                                                         // When: one action every 2 s
        {
            time.Advance(TimeSpan.FromSeconds(2));
            Ran(progress, i, i == 3 ? ActionOutcome.Failed : ActionOutcome.Executed);
        }

        var lines = Lines(err);                                                              // Then: 20 s, so at most 4 lines
        Assert.InRange(lines.Length, 3, 4);
        Assert.StartsWith("[2/10] build (0 cached)", lines[0], StringComparison.Ordinal);
        var counts = lines.Select(l => int.Parse(l[1..l.IndexOf('/', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(counts.Order(), counts);
        Assert.EndsWith("(0 cached, 1 failed)", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void On_NoPlannedTotal_CountsWithoutTotalAndStopsAfterDispose()
    {
        var err = new StringWriter();                                                        // Given
        var time = new FakeTimeProvider();
        var progress = new PlainProgress(err, time, Interval);
        Ran(progress, 1);
        time.Advance(Interval);
        Assert.Equal(["[1] working (0 cached)"], Lines(err));

        progress.Dispose();                                                                  // When
        Ran(progress, 2);
        time.Advance(Interval);

        Assert.Single(Lines(err));                                                           // Then
    }
}
