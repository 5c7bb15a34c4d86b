using Kiln.Store;

namespace Kiln.Go.Modules;

/// The `h1:` hash (golang.org/x/mod/sumdb/dirhash Hash1) of a module tree held in the store, computed from
/// its Merkle tree alone: every file's SHA-256 is already its blob digest, so no file is read.
public static class ModuleTreeHash
{
    /// h1 over `path@version/FILE` names, as go.sum's zip line records it; null if the tree is incomplete
    /// or holds something a module zip cannot (symlinks, names with newlines).
    public static string? Compute(LocalStore store, Core.Digest root, ModuleVersion module)
    {
        var entries = new List<(string Name, string Hash)>();
        return Collect(store, root, $"{module.Path}@{module.Version}", entries) ? DirHash.Hash1FromHashes(entries) : null;
    }

    private static bool Collect(LocalStore store, Core.Digest dir, string prefix, List<(string, string)> entries)
    {
        var node = store.TryReadDirectory(dir);
        if (node is null || node.Symlinks.Count > 0) return false;
        foreach (var f in node.Files)
        {
            if (f.Name.Contains('\n', StringComparison.Ordinal)) return false;
            entries.Add(($"{prefix}/{f.Name}", f.Digest.Hash));
        }
        foreach (var d in node.Directories)
        {
            if (!Collect(store, LocalStore.FromProto(d.Digest), $"{prefix}/{d.Name}", entries)) return false;
        }
        return true;
    }
}
