namespace Kiln.Go.Packages;

/// What `kiln list` asks for: patterns as the go command accepts them, relative to `WorkingDirectory`;
/// `Deps` adds every package the matches import (transitively); `Tests` adds their test imports.
public sealed record ListRequest(string WorkingDirectory, IReadOnlyList<string> Patterns, bool Deps, bool Tests);
