using Kiln.Core;

namespace Kiln.Store;

/// Marks: local-only facts this store has verified about content it holds ("this tree hashes to that
/// go.sum line"), so a check that depends only on content runs once per store instead of once per run.
/// A mark is an empty file named by a key; it is never uploaded to a remote cache, so a remote cannot vouch
/// for anything, and it claims nothing about presence (callers still look the content up, which stats it).
public sealed partial class LocalStore
{
    public bool HasMark(string kind, Digest key) => File.Exists(_paths.Mark(kind, key));

    public void PutMark(string kind, Digest key)
    {
        var path = _paths.Mark(kind, key);
        if (File.Exists(path)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = _paths.NewTempFile();
        File.WriteAllBytes(tmp, []);
        File.Move(tmp, path, overwrite: true);
    }
}
