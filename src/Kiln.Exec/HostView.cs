namespace Kiln.Exec;

/// A view of a host directory around an action's input root, as go test shows a test its module: the input
/// root's directory `SandboxDir` shows every entry of `HostDir` the input root does not hold itself. Not part
/// of the key: an action that reads through the view must key what it read another way (a test's reads come
/// from its test log, TestReads).
///
/// Directories on the way from `SandboxDir` to anything the input root holds there are real directories, so the
/// input root's own entries stay in place. Other directories are mirrored (real directories, files as symlinks to
/// the host's) while the view holds fewer than `MirrorBudget` entries, so a walk (filepath.WalkDir, which does not
/// follow a symlinked root) of `../testdata` works; past the budget, and for `.git` and nested modules, a directory
/// is one symlink. The symlinks point into the host directory: in strict mode it is mounted read-only. Without
/// isolation (`linkFiles`) a mirrored file is a hard link to the host's where the file systems allow: a regular file
/// as the test would see on the host, and no new inode (the view is most of what a test's sandbox creates).
public sealed record HostView(string SandboxDir, string HostDir)
{
    /// Entries the view creates at most by mirroring; the rest appear as symlinks to whole directories.
    public const int MirrorBudget = 2000;

    /// Fills the view into the materialized input root at `root`; returns the number of entries created.
    /// `hidden`: a host directory never shown (the store, when it lies inside the viewed directory). `linkFiles`:
    /// mirror files as hard links (never in strict mode, where a link would make a read-only host file writable).
    public int Fill(string root, string? hidden = null, bool linkFiles = false)
    {
        var budget = MirrorBudget;
        var target = Path.Combine(root, SandboxDir);
        Directory.CreateDirectory(target);
        return Overlay(HostDir, target, hidden, linkFiles, ref budget, top: true);
    }

    /// Adds to `into` (a directory the input root may already hold entries of) every entry of `host` it lacks.
    private static int Overlay(string host, string into, string? hidden, bool linkFiles, ref int budget, bool top)
    {
        var created = 0;
        IEnumerable<FileSystemInfo> entries;
        try { entries = new DirectoryInfo(host).EnumerateFileSystemInfos(); }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
        foreach (var entry in entries)
        {
            if (entry.FullName == hidden) continue;
            var dest = Path.Combine(into, entry.Name);
            // a symlink, from the enumeration's own lstat (no readlink per entry)
            var isLink = (entry.Attributes & FileAttributes.ReparsePoint) != 0;
            var isDir = entry is DirectoryInfo && !isLink;
            var existing = new FileInfo(dest);
            var existingLink = existing.LinkTarget is not null;
            var existingDir = !existingLink && Directory.Exists(dest);
            if (existingDir && isDir)
            {
                created += Overlay(entry.FullName, dest, hidden, linkFiles, ref budget, top: false); // the input root holds part of it
                continue;
            }
            if (existingDir || existing.Exists || existingLink) continue; // the input root's own entry wins
            if (isDir && budget > 0 && !(top && entry.Name == ".git") && !File.Exists(Path.Combine(entry.FullName, "go.mod")))
            {
                Directory.CreateDirectory(dest);
                budget--;
                created += 1 + Overlay(entry.FullName, dest, hidden, linkFiles, ref budget, top: false);
                continue;
            }
            if (!(linkFiles && entry is FileInfo && !isLink && Store.LocalStore.TryHardLink(entry.FullName, dest)))
                File.CreateSymbolicLink(dest, entry.FullName);
            budget--;
            created++;
        }
        return created;
    }
}
