using System.Globalization;
using System.Text.Json;
using Kiln.Core.Profiling;

namespace Kiln.Cli.Rendering;

/// `--profile`: a run's slices as a Chrome trace-event file ({"traceEvents": [...]}, opens in Perfetto and
/// chrome://tracing). Process 1 holds the actions, one thread per lane (an action and its phases nested inside
/// it); process 2 the engine's own work, one thread per managed thread. Times are microseconds from the run's start.
internal static class ProfileJson
{
    public static byte[] Serialize(ProfileRecorder recorder, string command)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("displayTimeUnit", "ms");
            json.WriteStartObject("otherData");
            json.WriteString("command", command);
            json.WriteEndObject();
            json.WriteStartArray("traceEvents");
            var slices = recorder.Slices();
            Metadata(json, "process_name", (int)ProfileTrack.Actions, null, "kiln actions");
            Metadata(json, "process_name", (int)ProfileTrack.Engine, null, "kiln engine");
            foreach (var (track, lane) in slices.Select(s => (s.Track, s.Lane)).Distinct().Order())
                Metadata(json, "thread_name", (int)track, lane, track == ProfileTrack.Actions ? $"lane {lane}" : $"thread {lane}");
            // Parents before children where they start together: the viewers nest by order among equal times.
            foreach (var s in slices.OrderBy(s => s.Start).ThenByDescending(s => s.End))
            {
                var start = Rounded(recorder.Microseconds(s.Start));
                json.WriteStartObject();
                json.WriteString("name", s.Name);
                json.WriteString("cat", s.Category);
                json.WriteString("ph", "X");
                json.WriteNumber("pid", (int)s.Track);
                json.WriteNumber("tid", s.Lane);
                json.WriteNumber("ts", start);
                json.WriteNumber("dur", Rounded(recorder.Microseconds(s.End)) - start);
                if (s.Args.Count > 0 || s.Node != 0)
                {
                    json.WriteStartObject("args");
                    if (s.Node != 0) json.WriteNumber("node", s.Node);
                    foreach (var (name, value) in s.Args) json.WriteString(name, value);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// Whole nanoseconds: a child's start and end round the way its parent's do, so nesting survives rounding.
    private static decimal Rounded(double microseconds) => Math.Round((decimal)microseconds, 3);

    private static void Metadata(Utf8JsonWriter json, string name, int pid, int? tid, string value)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("ph", "M");
        json.WriteNumber("pid", pid);
        if (tid is { } t) json.WriteNumber("tid", t);
        json.WriteStartObject("args");
        json.WriteString("name", value);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// `-v`: the critical path, first step to last, each action on it with its duration.
    public static IEnumerable<string> CriticalPathLines(ProfileRecorder recorder, TimeSpan wall)
    {
        var steps = CriticalPath.Of(recorder);
        var actions = steps.SelectMany(s => s.Actions).ToList();
        if (actions.Count == 0) yield break;
        var onPath = TimeSpan.FromTicks(actions.Sum(a => a.Duration.Ticks));
        yield return string.Create(CultureInfo.InvariantCulture,
            $"critical path: {actions.Count} actions, {onPath.TotalSeconds:0.00}s of {wall.TotalSeconds:0.00}s wall (the rest: kiln's own work between them)");
        foreach (var (action, duration) in actions)
            yield return string.Create(CultureInfo.InvariantCulture, $"  {duration.TotalSeconds,7:0.000}s  {action}");
    }
}
