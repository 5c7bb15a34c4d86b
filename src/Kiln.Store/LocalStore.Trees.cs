using Google.Protobuf;
using Kiln.Store.Reapi;
using ReapiDigest = Kiln.Store.Reapi.Digest;

namespace Kiln.Store;

/// Merkle trees: REAPI `Directory` protos stored as blobs.
public sealed partial class LocalStore
{
    /// Snapshots a directory on disk into the store and returns its REAPI root digest.
    public Core.Digest Snapshot(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
            throw File.Exists(full) ? StoreErrors.NotADirectory(directory) : StoreErrors.NotFound(directory);
        return new TreeWalker(PutFile, PutDirectory).Walk(new DirectoryInfo(full));
    }

    /// Stores a Directory message in canonical form and returns its digest.
    public Core.Digest PutDirectory(Reapi.Directory directory)
    {
        var digest = PutBytes(directory.ToByteArray());
        _directories.TryAdd(digest, directory);
        return digest;
    }

    /// Reads and verifies a Directory message; null when missing or corrupt.
    public Reapi.Directory? TryReadDirectory(Core.Digest digest)
    {
        if (_directories.TryGetValue(digest, out var known) && Contains(digest)) return known;
        var bytes = TryReadBytes(digest);
        if (bytes is null) return null;
        Reapi.Directory parsed;
        try { parsed = Reapi.Directory.Parser.ParseFrom(bytes); }
        catch (InvalidProtocolBufferException) { return null; }
        _directories.TryAdd(digest, parsed);
        return parsed;
    }

    /// Builds the REAPI Tree (root plus every distinct descendant) of a stored directory.
    public Tree? TryBuildTree(Core.Digest root)
    {
        var rootDir = TryReadDirectory(root);
        if (rootDir is null) return null;
        var tree = new Tree { Root = rootDir };
        var seen = new HashSet<Core.Digest>();
        var pending = new Stack<Reapi.Directory>([rootDir]);
        while (pending.Count > 0)
        {
            foreach (var child in pending.Pop().Directories)
            {
                var d = FromProto(child.Digest);
                if (!seen.Add(d)) continue;
                var dir = TryReadDirectory(d);
                if (dir is null) return null;
                tree.Children.Add(dir);
                pending.Push(dir);
            }
        }
        return tree;
    }

    public static ReapiDigest ToProto(Core.Digest d) => new() { Hash = d.Hash, SizeBytes = d.SizeBytes };

    public static Core.Digest FromProto(ReapiDigest? d) => d is null ? Core.Digest.Empty : new(d.Hash, d.SizeBytes);
}
