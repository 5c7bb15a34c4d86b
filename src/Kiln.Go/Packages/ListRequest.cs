namespace Kiln.Go.Packages;

/// What `kiln list` asks for: patterns as the go command accepts them, relative to `WorkingDirectory`;
/// `Deps` adds every package the matches import (transitively); `Tests` adds their test imports.
public sealed record ListRequest(string WorkingDirectory, IReadOnlyList<string> Patterns, bool Deps, bool Tests)
{
    /// Return packages in an import cycle with the cycle as their Error (as `go list -e` does) instead of
    /// failing the listing with every cycle (as go build, go test and go list without -e do).
    public bool KeepErrors { get; init; }
}
