namespace Kiln.Core.Profiling;

/// One engine computation of a run: when it started and finished, and the computations it requested (ids).
public sealed record ProfileNode(int Id, string Label, long Start, long End, IReadOnlyList<int> Dependencies);
