using Google.Protobuf;
using Kiln.Core;

namespace Kiln.Store;

/// Digests of files and directories on disk, computed without writing anything to a store
/// (`kiln debug digest`).
public static class MerkleDigest
{
    public static Digest OfPath(string path)
    {
        var full = Path.GetFullPath(path);
        if (System.IO.Directory.Exists(full))
        {
            var walker = new TreeWalker(FileDigest, d => Digest.Of(d.ToByteArray()));
            return walker.Walk(new DirectoryInfo(full));
        }
        if (File.Exists(full)) return FileDigest(full);
        throw StoreErrors.NotFound(path);
    }

    private static Digest FileDigest(string path)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        return Digest.OfStream(s);
    }
}
