namespace Kiln.Core.Profiling;

/// One computation on the critical path: how long it took once the last thing it waited for was there (`Own`),
/// and the actions it ran, each with its duration.
public sealed record CriticalStep(ProfileNode Node, TimeSpan Own, IReadOnlyList<(string Action, TimeSpan Duration)> Actions);
