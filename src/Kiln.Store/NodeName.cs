namespace Kiln.Store;

/// Checks that a tree entry name is exactly one safe path segment.
internal static class NodeName
{
    public static bool IsSafe(string name) =>
        name.Length > 0 && name != "." && name != ".." && !name.Contains('/', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal);

    /// A symlink target that stays inside the tree: relative, and never climbing above the link's directory
    /// depth within the root.
    public static bool IsContainedSymlink(string target, int depth)
    {
        if (target.Length == 0 || target.StartsWith('/')) return false;
        var level = depth;
        foreach (var seg in target.Split('/'))
        {
            if (seg is "" or ".") continue;
            level += seg == ".." ? -1 : 1;
            if (level < 0) return false;
        }
        return true;
    }
}
