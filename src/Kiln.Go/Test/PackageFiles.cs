using Kiln.Go.Packages;
using Kiln.Store;

namespace Kiln.Go.Test;

/// Reads a package's own files (its _test.go sources) from disk or from its stored module tree.
internal static class PackageFiles
{
    public static string ReadText(LocalStore store, PackageSource source, string name)
    {
        if (source.DiskDir is { } dir) return File.ReadAllText(Path.Combine(dir, name));
        var node = store.TryReadDirectory(source.Tree) ?? throw StoreErrors.MissingBlob(source.Tree, "module tree");
        var file = node.Files.FirstOrDefault(f => f.Name == name) ?? throw TestErrors.MissingFile(name, source.ModuleDir);
        var digest = LocalStore.FromProto(file.Digest);
        var bytes = store.TryReadBytes(digest) ?? throw StoreErrors.MissingBlob(digest, name);
        return System.Text.Encoding.UTF8.GetString(bytes);
    }
}
