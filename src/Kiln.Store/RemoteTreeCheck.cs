using Kiln.Store.Reapi;
using Directory = Kiln.Store.Reapi.Directory;

namespace Kiln.Store;

/// Safety checks for trees and paths that come from a remote cache, before anything is stored or
/// materialized: every name one safe segment, every symlink contained, every subdirectory present.
internal static class RemoteTreeCheck
{
    /// A relative path of safe segments (no empty, `.` or `..` segment, no leading `/`).
    public static bool IsSafeRelativePath(string path) =>
        path.Length > 0 && path.Split('/').All(NodeName.IsSafe);

    /// The first unsafe entry of a Tree (walked from its root, so symlink depth is known), or null.
    public static string? FirstProblem(Tree tree)
    {
        var byDigest = new Dictionary<Core.Digest, Directory>();
        foreach (var child in tree.Children) byDigest.TryAdd(Core.Digest.Of(Google.Protobuf.MessageExtensions.ToByteArray(child)), child);
        var pending = new Stack<(Directory Dir, int Depth, string Where)>([(tree.Root, 0, ".")]);
        var visited = 0;
        while (pending.Count > 0)
        {
            var (dir, depth, where) = pending.Pop();
            if (++visited > 1_000_000) return "tree is too deep or cyclic";
            foreach (var f in dir.Files)
            {
                if (!NodeName.IsSafe(f.Name)) return $"unsafe file name '{f.Name}' in {where}";
            }
            foreach (var link in dir.Symlinks)
            {
                if (!NodeName.IsSafe(link.Name)) return $"unsafe symlink name '{link.Name}' in {where}";
                if (!NodeName.IsContainedSymlink(link.Target, depth)) return $"symlink {where}/{link.Name} -> {link.Target} escapes the tree";
            }
            foreach (var sub in dir.Directories)
            {
                if (!NodeName.IsSafe(sub.Name)) return $"unsafe directory name '{sub.Name}' in {where}";
                if (!byDigest.TryGetValue(LocalStore.FromProto(sub.Digest), out var child)) return $"directory {where}/{sub.Name} is not in the tree";
                pending.Push((child, depth + 1, $"{where}/{sub.Name}"));
            }
        }
        return null;
    }
}
