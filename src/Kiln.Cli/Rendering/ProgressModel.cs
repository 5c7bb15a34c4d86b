using Kiln.Core;

namespace Kiln.Cli.Rendering;

/// What the progress views show, folded from the event stream: the current phase and its planned size,
/// actions finished and answered by a cache since it began, and the actions running now (oldest first).
internal sealed class ProgressModel(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ActionKey, (string Description, long Started)> _running = [];
    private string _phase = "working";
    private int _total, _done, _cached, _failed;
    private long _version;

    /// Folds one event in; false when it changes nothing shown.
    public bool Apply(BuildEvent e)
    {
        lock (_lock)
        {
            switch (e)
            {
                case WorkPlanned w:
                    (_phase, _total, _done, _cached, _failed) = (w.Description, w.Actions, 0, 0, 0);
                    break;
                case ActionStarted s:
                    _running[s.Key] = (s.Description, time.GetTimestamp());
                    break;
                case ActionFinished f:
                    _running.Remove(f.Key);
                    _done++;
                    if (f.Outcome is ActionOutcome.LocalCacheHit or ActionOutcome.RemoteCacheHit) _cached++;
                    if (f.Outcome == ActionOutcome.Failed) _failed++;
                    break;
                default:
                    return false;
            }
            _version++;
            return true;
        }
    }

    public ProgressSnapshot Snapshot()
    {
        lock (_lock)
        {
            var running = _running.Values.OrderBy(r => r.Started).ThenBy(r => r.Description, StringComparer.Ordinal)
                .Select(r => new RunningAction(r.Description, time.GetElapsedTime(r.Started))).ToList();
            return new ProgressSnapshot(_version, _phase, _total, _done, _cached, _failed, running);
        }
    }
}

/// One moment of a run's progress. `Total` is 0 when no phase announced its size.
internal sealed record ProgressSnapshot(long Version, string Phase, int Total, int Done, int Cached, int Failed, IReadOnlyList<RunningAction> Running)
{
    /// `[12/340]` (or `[12]` with no known total; the total grows to what was done, never below).
    public string Counter => Total > 0 ? $"[{Done}/{Math.Max(Total, Done)}]" : $"[{Done}]";

    /// One line for logs: `[12/340] compile example.com/a +2 more (200 cached)`.
    public string PlainLine()
    {
        var what = Running.Count switch
        {
            0 => Phase,
            1 => Running[0].Description,
            _ => $"{Running[0].Description} +{Running.Count - 1} more",
        };
        var extra = Failed > 0 ? $"{Cached} cached, {Failed} failed" : $"{Cached} cached";
        return $"{Counter} {what} ({extra})";
    }
}

/// An action running now and for how long.
internal sealed record RunningAction(string Description, TimeSpan Elapsed);
