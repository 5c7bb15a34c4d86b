using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Kiln.Core;

namespace Kiln.Store.Tests;

public class TreeTests
{
    /// Executable, empty and nested files, an empty directory, non-ASCII names whose UTF-8 order differs
    /// from their UTF-16 order, and a symlink.
    internal static void WriteSampleTree(string root)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "b.txt"), "bee\n");
        File.WriteAllText(Path.Combine(root, "a.sh"), "#!/bin/sh\necho a\n");
        File.SetUnixFileMode(Path.Combine(root, "a.sh"), (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(root, "empty"), "");
        File.WriteAllText(Path.Combine(root, "\uFB00.txt"), "ligature");          // U+FB00: UTF-16 sorts it after U+1D11E
        File.WriteAllText(Path.Combine(root, "\U0001D11E.txt"), "clef");           // U+1D11E: UTF-8 sorts it last
        File.WriteAllText(Path.Combine(root, "Zé"), "accent");
        Directory.CreateDirectory(Path.Combine(root, "emptydir"));
        Directory.CreateDirectory(Path.Combine(root, "sub", "deeper"));
        File.WriteAllText(Path.Combine(root, "sub", "x.go"), "package sub\n");
        File.WriteAllText(Path.Combine(root, "sub", "deeper", "y.go"), "package deeper\n");
        File.CreateSymbolicLink(Path.Combine(root, "sub", "link"), "x.go");
    }

    [Fact]
    public void Snapshot_SampleTree_EqualsProtocEncodingOfTheSameDirectories()
    {
        using var f = new StoreFixture();
        var root = f.Temp.Combine("tree");
        WriteSampleTree(root);

        var ours = f.Store.Snapshot(root);

        Assert.Equal(ProtocDigest(root, f.Temp.Combine("protoc")), ours);
    }

    [Fact]
    public void Snapshot_SameTreeTwoPlaces_SameDigest_AndContentChangeChangesIt()
    {
        using var f = new StoreFixture();
        WriteSampleTree(f.Temp.Combine("one"));
        WriteSampleTree(f.Temp.Combine("two"));
        Assert.Equal(f.Store.Snapshot(f.Temp.Combine("one")), f.Store.Snapshot(f.Temp.Combine("two")));
        File.SetUnixFileMode(f.Temp.Combine("two", "b.txt"), (UnixFileMode)0b111_101_101);
        Assert.NotEqual(f.Store.Snapshot(f.Temp.Combine("one")), f.Store.Snapshot(f.Temp.Combine("two")));
    }

    [Fact]
    public void Materialize_Snapshot_RoundTripsContentModesAndLinks()
    {
        using var f = new StoreFixture();
        var src = f.Temp.Combine("src");
        WriteSampleTree(src);
        var digest = f.Store.Snapshot(src);

        var dest = f.Temp.Combine("dest");
        var bytes = f.Store.Materialize(digest, dest);

        Assert.Equal(digest, f.Store.Snapshot(dest));
        Assert.Equal(f.Store.Stats.BytesMaterializedByLink, bytes);
        Assert.True(bytes > 0);
        Assert.True(File.GetUnixFileMode(Path.Combine(dest, "a.sh")).HasFlag(UnixFileMode.UserExecute));
        Assert.False(File.GetUnixFileMode(Path.Combine(dest, "b.txt")).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal("x.go", new FileInfo(Path.Combine(dest, "sub", "link")).LinkTarget);
        Assert.True(Directory.Exists(Path.Combine(dest, "emptydir")));
        Assert.Equal(8, f.Store.Stats.FilesMaterializedByLink);
        Assert.Equal(0, f.Store.Stats.FilesMaterializedByCopy);
    }

    [Fact]
    public void Materialize_SymlinkEscapingRoot_IsRejected()
    {
        using var f = new StoreFixture();
        var src = f.Temp.Combine("src");
        Directory.CreateDirectory(src);
        File.CreateSymbolicLink(Path.Combine(src, "evil"), "../../etc/passwd");
        var digest = f.Store.Snapshot(src);
        var e = Assert.Throws<KilnException>(() => f.Store.Materialize(digest, f.Temp.Combine("dest")));
        Assert.Contains("leads out of it", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_Fifo_IsAClearError()
    {
        using var f = new StoreFixture();
        var src = f.Temp.Combine("src");
        Directory.CreateDirectory(src);
        using (var p = Process.Start("mkfifo", Path.Combine(src, "pipe"))) p.WaitForExit();
        var e = Assert.Throws<KilnException>(() => f.Store.Snapshot(src));
        Assert.Equal(ErrorKind.User, e.Kind);
    }

    [Fact]
    public void TryBuildTree_NestedTree_HoldsEveryDistinctSubdirectory()
    {
        using var f = new StoreFixture();
        var src = f.Temp.Combine("src");
        WriteSampleTree(src);
        var tree = f.Store.TryBuildTree(f.Store.Snapshot(src))!;
        Assert.Equal(3, tree.Children.Count); // emptydir, sub, sub/deeper
    }

    /// An independent Merkle computation: walks the tree itself and lets Debian's protoc encode each
    /// Directory from text.
    private static Digest ProtocDigest(string dir, string work)
    {
        Directory.CreateDirectory(work);
        var text = new StringBuilder();
        var entries = new DirectoryInfo(dir).EnumerateFileSystemInfos()
            .OrderBy(e => Encoding.UTF8.GetBytes(e.Name), ByteOrder.Instance).ToList();
        foreach (var e in entries.Where(e => e.LinkTarget is null && e is FileInfo))
        {
            var bytes = File.ReadAllBytes(e.FullName);
            var exec = (File.GetUnixFileMode(e.FullName) & UnixFileMode.UserExecute) != 0;
            text.Append($"files {{ name: \"{Escape(e.Name)}\" digest {{ hash: \"{Convert.ToHexStringLower(SHA256.HashData(bytes))}\" size_bytes: {bytes.Length} }}{(exec ? " is_executable: true" : "")} }}\n");
        }
        foreach (var e in entries.Where(e => e.LinkTarget is null && e is DirectoryInfo))
        {
            var child = ProtocDigest(e.FullName, Path.Combine(work, Guid.NewGuid().ToString("N")));
            text.Append($"directories {{ name: \"{Escape(e.Name)}\" digest {{ hash: \"{child.Hash}\" size_bytes: {child.SizeBytes} }} }}\n");
        }
        foreach (var e in entries.Where(e => e.LinkTarget is not null))
            text.Append($"symlinks {{ name: \"{Escape(e.Name)}\" target: \"{Escape(e.LinkTarget!)}\" }}\n");
        var encoded = Protoc(text.ToString(), work);
        return new Digest(Convert.ToHexStringLower(SHA256.HashData(encoded)), encoded.Length);
    }

    private static string Escape(string s) => Kiln.Testing.Protoc.Escape(s);

    private static byte[] Protoc(string text, string work) => Kiln.Testing.Protoc.Encode("directory_only.proto", "Directory", text, work);

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
