using Directory = Kiln.Store.Reapi.Directory;

namespace Kiln.Store;

/// Whether a symlink of a tree stays inside the tree, resolved as the kernel would resolve it once the tree
/// is materialized: segment by segment from the link's own directory, following the tree's other symlinks
/// (`d/up -> ..` makes `d/up/d/up/../..` climb two levels above `d`, not none). Reading the target's text
/// alone is not enough.
internal static class SymlinkResolution
{
    /// Linux gives up (ELOOP) after 40 links in one resolution; a tree needing more is refused.
    private const int MaxLinks = 40;

    /// `parents`: the directories from the tree root down to the one holding the link. `read` resolves a
    /// subdirectory's digest (null when unknown: the rest of the path is then resolved lexically).
    public static bool StaysInside(IReadOnlyList<Directory> parents, string target, Func<Core.Digest, Directory?> read)
    {
        if (target.Length == 0 || target.StartsWith('/') || target.Contains('\0', StringComparison.Ordinal)) return false;
        // null: a directory the tree does not hold (an unknown name, or a file used as one); `..` still pops it.
        var stack = new List<Directory?>(parents);
        var pending = new Stack<string>(target.Split('/').Reverse());
        var links = 0;
        while (pending.TryPop(out var segment))
        {
            if (segment is "" or ".") continue;
            if (segment == "..")
            {
                if (stack.Count <= 1) return false;
                stack.RemoveAt(stack.Count - 1);
                continue;
            }
            var here = stack[^1];
            if (here?.Symlinks.FirstOrDefault(l => l.Name == segment) is { } link)
            {
                if (++links > MaxLinks || link.Target.Length == 0 || link.Target.StartsWith('/')) return false;
                foreach (var s in link.Target.Split('/').Reverse()) pending.Push(s);
                continue;
            }
            var sub = here?.Directories.FirstOrDefault(d => d.Name == segment);
            stack.Add(sub is null ? null : read(LocalStore.FromProto(sub.Digest)));
        }
        return true;
    }
}
