using Kiln.Core;

namespace Kiln.Engine;

/// One node of a finished run, as the next run verifies it: its key, its serialized value, the digest its
/// dependents compare, and its dependencies in request order, grouped as they were requested together.
public sealed record NodeTrace(string Kind, string Key, ReadOnlyMemory<byte> Value, Digest Cutoff,
    IReadOnlyList<IReadOnlyList<TraceDependency>> Dependencies);
