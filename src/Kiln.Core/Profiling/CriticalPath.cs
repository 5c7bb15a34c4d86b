namespace Kiln.Core.Profiling;

/// The chain of dependent computations that bounded a run's wall time: from the computation that finished last,
/// back through the dependency each one received last (it could not finish before that one), to one that waited for
/// nothing. Listed first to last.
public static class CriticalPath
{
    public static IReadOnlyList<CriticalStep> Of(ProfileRecorder recorder) => Of(recorder.Nodes(), recorder.Slices(), recorder.Time);

    public static IReadOnlyList<CriticalStep> Of(IReadOnlyList<ProfileNode> nodes, IReadOnlyList<ProfileSlice> slices, TimeProvider time)
    {
        if (nodes.Count == 0) return [];
        var byId = nodes.ToDictionary(n => n.Id);
        var actions = slices.Where(s => s.Track == ProfileTrack.Actions && s.Node != 0 && s.Args.Any(a => a.Key == "outcome"))
            .GroupBy(s => s.Node).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Start).ToList());
        TimeSpan Length(long start, long end) => TimeSpan.FromSeconds(Math.Max(0, end - start) / (double)time.TimestampFrequency);

        var steps = new List<CriticalStep>();
        var seen = new HashSet<int>();
        var at = nodes.MaxBy(n => n.End)!;
        while (seen.Add(at.Id))
        {
            var last = at.Dependencies.Where(byId.ContainsKey).Select(id => byId[id]).Where(d => d.End <= at.End).MaxBy(d => d.End);
            var ready = last is null ? at.Start : Math.Max(at.Start, last.End);
            var ran = actions.GetValueOrDefault(at.Id) ?? [];
            steps.Add(new CriticalStep(at, Length(ready, at.End), [.. ran.Select(s => (s.Name, Length(s.Start, s.End)))]));
            if (last is null) break;
            at = last;
        }
        steps.Reverse();
        return steps;
    }
}
