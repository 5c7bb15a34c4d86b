using Kiln.Store.Reapi;

namespace Kiln.Store;

/// Walks a directory on disk bottom-up into canonical REAPI Directory messages. What happens to each
/// file's bytes and each Directory is up to the caller: stored (snapshot) or only hashed (digest).
internal sealed class TreeWalker(Func<string, Core.Digest> fileDigest, Func<Reapi.Directory, Core.Digest> directoryDigest)
{
    public Core.Digest Walk(DirectoryInfo dir)
    {
        DiskNames.RequireUtf8(dir.FullName); // .NET's enumeration would leave such an entry out silently
        var files = new List<FileNode>();
        var dirs = new List<DirectoryNode>();
        var links = new List<SymlinkNode>();
        foreach (var entry in dir.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is { } target)
            {
                links.Add(new SymlinkNode { Name = entry.Name, Target = target });
            }
            else if (entry is DirectoryInfo sub)
            {
                dirs.Add(new DirectoryNode { Name = entry.Name, Digest = LocalStore.ToProto(Walk(sub)) });
            }
            else if (entry is FileInfo file && Native.IsRegularFile(file.FullName))
            {
                var executable = (file.UnixFileMode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
                files.Add(new FileNode { Name = entry.Name, Digest = LocalStore.ToProto(fileDigest(file.FullName)), IsExecutable = executable });
            }
            else
            {
                throw StoreErrors.UnsupportedFileType(entry.FullName);
            }
        }
        var node = new Reapi.Directory();
        node.Files.AddRange(files.OrderBy(f => f.Name, Utf8Order.Instance));
        node.Directories.AddRange(dirs.OrderBy(d => d.Name, Utf8Order.Instance));
        node.Symlinks.AddRange(links.OrderBy(l => l.Name, Utf8Order.Instance));
        return directoryDigest(node);
    }
}
