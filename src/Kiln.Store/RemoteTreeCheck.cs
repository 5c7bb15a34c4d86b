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

    /// The first unsafe entry of a Tree (walked from its root, so each symlink is resolved through the tree
    /// as it will be on disk), or null.
    public static string? FirstProblem(Tree tree)
    {
        var byDigest = new Dictionary<Core.Digest, Directory>();
        foreach (var child in tree.Children) byDigest.TryAdd(Core.Digest.Of(Google.Protobuf.MessageExtensions.ToByteArray(child)), child);
        Directory? Read(Core.Digest d) => byDigest.GetValueOrDefault(d);
        var pending = new Stack<(Directory Dir, IReadOnlyList<Directory> Parents, string Where)>([(tree.Root, [tree.Root], ".")]);
        var visited = 0;
        while (pending.Count > 0)
        {
            var (dir, parents, where) = pending.Pop();
            if (++visited > 1_000_000 || parents.Count > 10_000) return "tree is too deep or cyclic";
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var f in dir.Files)
            {
                if (!NodeName.IsSafe(f.Name)) return $"unsafe file name '{f.Name}' in {where}";
                if (!names.Add(f.Name)) return $"name '{f.Name}' appears twice in {where}";
            }
            foreach (var link in dir.Symlinks)
            {
                if (!NodeName.IsSafe(link.Name)) return $"unsafe symlink name '{link.Name}' in {where}";
                if (!names.Add(link.Name)) return $"name '{link.Name}' appears twice in {where}";
                if (!SymlinkResolution.StaysInside(parents, link.Target, Read)) return $"symlink {where}/{link.Name} -> {link.Target} escapes the tree";
            }
            foreach (var sub in dir.Directories)
            {
                if (!NodeName.IsSafe(sub.Name)) return $"unsafe directory name '{sub.Name}' in {where}";
                if (!names.Add(sub.Name)) return $"name '{sub.Name}' appears twice in {where}";
                if (!byDigest.TryGetValue(LocalStore.FromProto(sub.Digest), out var child)) return $"directory {where}/{sub.Name} is not in the tree";
                pending.Push((child, [.. parents, child], $"{where}/{sub.Name}"));
            }
        }
        return null;
    }
}
