namespace Kiln.Core.Profiling;

/// One action being timed: a lane of its own while it lasts, and consecutive phases, each from the previous mark
/// (or the start) to now. End records the action's slice and frees the lane; it is idempotent.
public sealed class ActionProfile
{
    private readonly ProfileRecorder _recorder;
    private readonly List<ProfileSlice> _phases = [];
    private long _mark;
    private int _ended;

    internal ActionProfile(ProfileRecorder recorder, string name, string category, int lane, int node, long start)
    {
        _recorder = recorder;
        Name = name;
        Category = category;
        Lane = lane;
        Node = node;
        Start = start;
        _mark = start;
    }

    public string Name { get; }
    public string Category { get; }
    public int Lane { get; }
    public int Node { get; }
    public long Start { get; }

    /// Closes the current phase: `name` lasted from the previous mark until now.
    public void Phase(string name)
    {
        var now = _recorder.Now();
        lock (_phases) _phases.Add(new ProfileSlice(name, Category, ProfileTrack.Actions, Lane, _mark, now, Node, []));
        _mark = now;
    }

    /// The action is over (`outcome`: executed, a cache hit, failed...).
    public void End(string outcome)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0) return;
        var end = _recorder.Now();
        List<ProfileSlice> phases;
        lock (_phases) phases = [.. _phases];
        _recorder.Add(new ProfileSlice(Name, Category, ProfileTrack.Actions, Lane, Start, end, Node, [new("outcome", outcome)]));
        foreach (var phase in phases) _recorder.Add(phase);
        _recorder.ReturnLane(Lane);
    }
}
