using Kiln.Store.Reapi;

namespace Kiln.Store;

/// Composes a Merkle tree from stored pieces without touching the disk: files by digest, and whole stored
/// subtrees by their Directory digest. Later additions at a path replace earlier ones; adding beneath a
/// stored subtree expands it. `Build` writes the new Directory messages and returns the root digest.
public sealed class TreeBuilder(LocalStore store)
{
    private readonly DirNode _root = new();

    public TreeBuilder AddFile(string path, Core.Digest digest, bool executable = false)
    {
        var (parent, name) = Parent(path);
        parent.Children[name] = new FileEntry(digest, executable);
        return this;
    }

    public TreeBuilder AddDirectory(string path, Core.Digest directory)
    {
        if (path.Length == 0)
        {
            Merge(_root, Expand(directory));
            return this;
        }
        var (parent, name) = Parent(path);
        parent.Children[name] = new StoredDir(directory);
        return this;
    }

    public Core.Digest Build() => BuildNode(_root);

    private (DirNode Parent, string Name) Parent(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new ArgumentException("empty path", nameof(path));
        var node = _root;
        foreach (var part in parts[..^1])
        {
            if (!NodeName.IsSafe(part)) throw StoreErrors.UnsafeName(part, path);
            node.Children.TryGetValue(part, out var child);
            var dir = child switch
            {
                DirNode d => d,
                StoredDir s => Expand(s.Digest),
                _ => new DirNode(),
            };
            node.Children[part] = dir;
            node = dir;
        }
        if (!NodeName.IsSafe(parts[^1])) throw StoreErrors.UnsafeName(parts[^1], path);
        return (node, parts[^1]);
    }

    private DirNode Expand(Core.Digest digest)
    {
        var dir = store.TryReadDirectory(digest) ?? throw StoreErrors.MissingBlob(digest, "directory to compose");
        var node = new DirNode();
        foreach (var f in dir.Files) node.Children[f.Name] = new FileEntry(LocalStore.FromProto(f.Digest), f.IsExecutable);
        foreach (var d in dir.Directories) node.Children[d.Name] = new StoredDir(LocalStore.FromProto(d.Digest));
        foreach (var l in dir.Symlinks) node.Children[l.Name] = new LinkEntry(l.Target);
        return node;
    }

    private static void Merge(DirNode into, DirNode from)
    {
        foreach (var (name, child) in from.Children) into.Children[name] = child;
    }

    private Core.Digest BuildNode(DirNode node)
    {
        var dir = new Reapi.Directory();
        foreach (var name in node.Children.Keys.Order(Utf8Order.Instance))
        {
            switch (node.Children[name])
            {
                case FileEntry f:
                    dir.Files.Add(new FileNode { Name = name, Digest = LocalStore.ToProto(f.Digest), IsExecutable = f.Executable });
                    break;
                case StoredDir s:
                    dir.Directories.Add(new DirectoryNode { Name = name, Digest = LocalStore.ToProto(s.Digest) });
                    break;
                case DirNode d:
                    dir.Directories.Add(new DirectoryNode { Name = name, Digest = LocalStore.ToProto(BuildNode(d)) });
                    break;
                case LinkEntry l:
                    dir.Symlinks.Add(new SymlinkNode { Name = name, Target = l.Target });
                    break;
            }
        }
        return store.PutDirectory(dir);
    }

    private abstract record Entry;
    private sealed record FileEntry(Core.Digest Digest, bool Executable) : Entry;
    private sealed record StoredDir(Core.Digest Digest) : Entry;
    private sealed record LinkEntry(string Target) : Entry;
    private sealed record DirNode : Entry
    {
        public Dictionary<string, Entry> Children { get; } = new(StringComparer.Ordinal);
    }
}
