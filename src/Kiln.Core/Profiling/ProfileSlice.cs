namespace Kiln.Core.Profiling;

/// One timed stretch of a run: an action, one of its phases, or a piece of the engine's own work. Times are
/// TimeProvider timestamps; `Lane` is the action lane or the managed thread id. `Node`: the engine computation the
/// slice ran for (0: none).
public sealed record ProfileSlice(string Name, string Category, ProfileTrack Track, int Lane, long Start, long End, int Node,
    IReadOnlyList<KeyValuePair<string, string>> Args);
