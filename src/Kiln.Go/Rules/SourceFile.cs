using Kiln.Engine;

namespace Kiln.Go.Rules;

/// A file on disk that a Go rule reads (a workspace source file, go.mod): its content digest, re-hashed only
/// when its stamp changed. Absolute path.
public sealed record SourceFile(string Path) : IKey<SourceFileState>
{
    public override string ToString() => Path;
}
