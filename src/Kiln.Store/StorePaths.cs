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

    public void EnsureCreated()
    {
        foreach (var dir in new[] { Cas, CasExecutable, ActionCache, Temp, Sandboxes })
            Directory.CreateDirectory(dir);
    }
}
