using Kiln.Engine;

namespace Kiln.Go.Rules;

/// A directory's listing as a Go rule saw it. Absolute path. `GoOnly`: only its subdirectories and `.go` files
/// count (a directory a `./...` walk passes through: binaries written into dist/ change nothing); otherwise
/// every entry does (a package directory, where a new `.c` or `.s` file matters).
public sealed record SourceDir(string Path, bool GoOnly) : IKey<SourceDirState>
{
    public override string ToString() => Path + "/";
}
