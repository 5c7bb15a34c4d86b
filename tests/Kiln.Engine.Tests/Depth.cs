namespace Kiln.Engine.Tests;

/// A key for long chains: Depth(n) depends on Depth(n - 1).
public sealed record Depth(int N) : IKey<int>;
