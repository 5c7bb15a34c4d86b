using Kiln.Core;

namespace Kiln.Engine;

/// A key a node requested and the cutoff digest of the value it got.
public readonly record struct TraceDependency(string Kind, string Key, Digest Cutoff);
