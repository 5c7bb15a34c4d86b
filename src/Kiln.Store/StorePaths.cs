using Kiln.Core;

namespace Kiln.Store;

/// Where each kind of entry lives under a store root.
internal sealed class StorePaths(string root)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string Cas => Path.Combine(Root, "cas");
    public string CasExecutable => Path.Combine(Root, "cas-x");
    public string ActionCache => Path.Combine(Root, "ac");
    public string Temp => Path.Combine(Root, "tmp");
    public string Sandboxes => Path.Combine(Root, "sandboxes");
    public string Marks => Path.Combine(Root, "marks");

    public string Mark(string kind, Digest key) => Path.Combine(Marks, kind, key.Hash[..2], key.Hash);

    public string Blob(Digest d, BlobMode mode) =>
        Path.Combine(mode == BlobMode.Executable ? CasExecutable : Cas, d.Hash[..2], d.Hash);

    public string ActionEntry(ActionKey key) => Path.Combine(ActionCache, key.Digest.Hash[..2], key.Digest.Hash);

    public string NewTempFile() => Path.Combine(Temp, Guid.NewGuid().ToString("N"));

    /// What a temp file's name starts with when it is written beside its final path (no digest or key starts so).
    public const string TempPrefix = ".tmp-";

    /// A fresh path in the directory of `final`, for a file written whole and then renamed there. A rename
    /// within one directory locks only it (across directories, Linux takes a lock for the whole file system), and
    /// new files spread over the shard directories instead of all coming from one directory's inode group, where
    /// ext4 without a journal checks every recently freed inode on each create.
    public static string TempBeside(string final) =>
        Path.Combine(Path.GetDirectoryName(final)!, TempPrefix + Guid.NewGuid().ToString("N"));

    public static bool IsTemp(string name) => name.StartsWith(TempPrefix, StringComparison.Ordinal);

    public void EnsureCreated()
    {
        foreach (var dir in new[] { Cas, CasExecutable, ActionCache, Temp, Sandboxes })
            Directory.CreateDirectory(dir);
    }
}
