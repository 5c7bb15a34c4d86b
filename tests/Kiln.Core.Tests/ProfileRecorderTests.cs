using Kiln.Core.Profiling;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.Core.Tests;

public class ProfileRecorderTests
{
    [Fact]
    public void BeginAction_Concurrent_GetDistinctLanes_AndAFreedLaneIsReused()
    {
        var profile = new ProfileRecorder(new FakeTimeProvider());

        var a = profile.BeginAction("compile a", "compile");
        var b = profile.BeginAction("compile b", "compile");
        a.End("executed");
        var c = profile.BeginAction("compile c", "compile");

        Assert.Equal((1, 2, 1), (a.Lane, b.Lane, c.Lane));
    }

    [Fact]
    public void Phases_FollowEachOther_InsideTheAction()
    {
        // Given an action with three phases of 1, 2 and 3 seconds
        var time = new FakeTimeProvider();
        var profile = new ProfileRecorder(time);
        var action = profile.BeginAction("link m", "link");
        time.Advance(TimeSpan.FromSeconds(1));
        action.Phase("key computed");
        time.Advance(TimeSpan.FromSeconds(2));
        action.Phase("cache lookup");
        time.Advance(TimeSpan.FromSeconds(3));
        action.Phase("process run");

        // When it ends (twice: the second is ignored)
        action.End("executed");
        action.End("failed");

        // Then one action slice holds the phases, back to back, on its lane
        var slices = profile.Slices();
        var whole = Assert.Single(slices, s => s.Name == "link m");
        Assert.Equal([new KeyValuePair<string, string>("outcome", "executed")], whole.Args);
        var phases = slices.Where(s => s != whole).OrderBy(s => s.Start).ToList();
        Assert.Equal(["key computed", "cache lookup", "process run"], phases.Select(p => p.Name));
        Assert.Equal(whole.Start, phases[0].Start);
        Assert.Equal(whole.End, phases[^1].End);
        Assert.All(phases.Zip(phases.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start));
        Assert.All(phases, p => Assert.Equal((ProfileTrack.Actions, whole.Lane), (p.Track, p.Lane)));
        Assert.Equal([1.0, 2.0, 3.0], phases.Select(p => (p.End - p.Start) / (double)time.TimestampFrequency));
    }

    [Fact]
    public void CriticalPath_FollowsTheDependencyThatFinishedLast()
    {
        // Given: a (0-10s) and b (0-30s) are independent; c needs both and ends at 40s; d needs a only and ends at 20s
        var time = new FakeTimeProvider();
        long At(int seconds) => seconds * time.TimestampFrequency;
        ProfileNode[] nodes =
        [
            new(1, "a", At(0), At(10), []),
            new(2, "b", At(0), At(30), []),
            new(3, "c", At(0), At(40), [1, 2]),
            new(4, "d", At(0), At(20), [1]),
        ];
        ProfileSlice[] slices =
        [
            new("compile b", "compile", ProfileTrack.Actions, 1, At(5), At(30), 2, [new("outcome", "executed")]),
            new("process run", "compile", ProfileTrack.Actions, 1, At(6), At(29), 2, []),
            new("link c", "link", ProfileTrack.Actions, 2, At(31), At(40), 3, [new("outcome", "executed")]),
            new("compile a", "compile", ProfileTrack.Actions, 3, At(0), At(10), 1, [new("outcome", "executed")]),
        ];

        // When the critical path is computed
        var path = CriticalPath.Of(nodes, slices, time);

        // Then it is b then c, each with its own time after what it waited for and its actions (not their phases)
        Assert.Equal(["b", "c"], path.Select(s => s.Node.Label));
        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10)], path.Select(s => s.Own));
        Assert.Equal([("compile b", TimeSpan.FromSeconds(25))], path[0].Actions);
        Assert.Equal([("link c", TimeSpan.FromSeconds(9))], path[1].Actions);
    }

    [Fact]
    public void CriticalPath_NoNodes_IsEmpty() =>
        Assert.Empty(CriticalPath.Of([], [], new FakeTimeProvider()));
}
