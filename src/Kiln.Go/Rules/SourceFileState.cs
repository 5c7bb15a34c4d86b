using Kiln.Store;

namespace Kiln.Go.Rules;

/// A file's stamp and content digest (default: the file does not exist). `Racy`: the stamp was taken too
/// soon after a change to be trusted next time, so the next run hashes the file again.
public sealed record SourceFileState(FileStamp? Stamp, Core.Digest Content, bool Racy)
{
    public bool Exists => Stamp is not null;
}
