namespace Kiln.Core.Profiling;

/// `--profile` (and `-v`'s critical path): collects the slices and engine nodes of one run. Off is `null`: every
/// caller holds a `ProfileRecorder?` and does nothing, not even read the clock, when it has none. Thread-safe.
public sealed class ProfileRecorder
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly List<ProfileSlice> _slices = [];
    private readonly List<ProfileNode> _nodes = [];
    private readonly SortedSet<int> _freeLanes = [];
    private int _lanes;
    private int _nextNode;

    /// The engine computation the current async flow works for (0: none), so an action's slice names its node.
    private static readonly AsyncLocal<int> CurrentNodeId = new();

    public ProfileRecorder(TimeProvider time)
    {
        _time = time;
        Origin = time.GetTimestamp();
    }

    public TimeProvider Time => _time;

    /// When the run began: slices are written relative to it.
    public long Origin { get; }
    public long Now() => _time.GetTimestamp();

    /// Microseconds from the start of the run to `timestamp`.
    public double Microseconds(long timestamp) => (timestamp - Origin) * 1_000_000.0 / _time.TimestampFrequency;

    public static int CurrentNode
    {
        get => CurrentNodeId.Value;
        set => CurrentNodeId.Value = value;
    }

    /// A fresh id for an engine computation.
    public int NewNode() => Interlocked.Increment(ref _nextNode);

    /// Starts timing an action on the lowest free lane.
    public ActionProfile BeginAction(string name, string category)
    {
        int lane;
        lock (_lock)
        {
            if (_freeLanes.Count > 0)
            {
                lane = _freeLanes.Min;
                _freeLanes.Remove(lane);
            }
            else lane = ++_lanes;
        }
        return new ActionProfile(this, name, category, lane, CurrentNode, Now());
    }

    internal void ReturnLane(int lane)
    {
        lock (_lock) _freeLanes.Add(lane);
    }

    public void Add(ProfileSlice slice)
    {
        lock (_lock) _slices.Add(slice);
    }

    /// A stretch of the engine's own work that ran synchronously on this thread from `start` until now.
    public void EngineWork(string name, string category, long start, int node, string? detail = null) =>
        Add(new ProfileSlice(name, category, ProfileTrack.Engine, Environment.CurrentManagedThreadId, start, Now(), node,
            detail is null ? [] : [new("key", detail)]));

    public void Node(ProfileNode node)
    {
        lock (_lock) _nodes.Add(node);
    }

    public IReadOnlyList<ProfileSlice> Slices()
    {
        lock (_lock) return [.. _slices];
    }

    public IReadOnlyList<ProfileNode> Nodes()
    {
        lock (_lock) return [.. _nodes];
    }
}
