using Google.Protobuf;
using Kiln.Core;
using Kiln.Store.Reapi;
using Digest = Kiln.Core.Digest;
using Directory = Kiln.Store.Reapi.Directory;

namespace Kiln.Store.Tests;

/// Fault injection below the remote cache: trees and output roots crafted to make materialization write or
/// delete outside its destination (the attack of issue 18, and variants a lexical check lets through).
/// Whatever reaches the store, nothing outside the destination is created or deleted.
public sealed class HostileTreeTests
{
    /// `d/up -> ..` and `esc -> d/up/d/up/d/up/d/up/../../../..`: the text never climbs above the tree, the
    /// links do (four levels above it).
    private static Tree EscapingChain()
    {
        var d = new Directory();
        d.Symlinks.Add(new SymlinkNode { Name = "up", Target = ".." });
        var root = new Directory();
        root.Directories.Add(new DirectoryNode { Name = "d", Digest = LocalStore.ToProto(Digest.Of(d.ToByteArray())) });
        root.Symlinks.Add(new SymlinkNode { Name = "esc", Target = "d/up/d/up/d/up/d/up/../../../.." });
        return new Tree { Root = root, Children = { d } };
    }

    private static Digest Put(LocalStore store, Tree tree)
    {
        foreach (var child in tree.Children) store.PutDirectory(child);
        return store.PutDirectory(tree.Root);
    }

    [Fact]
    public void RemoteTreeCheck_SymlinkChainClimbingThroughAnotherLink_IsAProblem()
    {
        Assert.Equal("symlink ./esc -> d/up/d/up/d/up/d/up/../../../.. escapes the tree", RemoteTreeCheck.FirstProblem(EscapingChain()));
    }

    [Fact]
    public void RemoteTreeCheck_SymlinkChainStayingInside_IsFine()
    {
        var tree = EscapingChain();
        tree.Root.Symlinks[0].Target = "d/up/d/up/d";          // resolves to d itself

        Assert.Null(RemoteTreeCheck.FirstProblem(tree));
    }

    [Fact]
    public void RemoteTreeCheck_TwoEntriesWithOneName_IsAProblem()
    {
        var tree = EscapingChain();
        tree.Root.Files.Add(new FileNode { Name = "esc", Digest = LocalStore.ToProto(Digest.Empty) });

        Assert.Equal("name 'esc' appears twice in .", RemoteTreeCheck.FirstProblem(tree));
    }

    [Fact]
    public void Materialize_SymlinkChainEscapingTheTree_IsRefused_AndNoLinkIsCreated()
    {
        using var f = new StoreFixture();
        var root = Put(f.Store, EscapingChain());
        var dest = f.Temp.Combine("a", "b", "c", "out");

        var e = Assert.Throws<KilnException>(() => f.Store.Materialize(root, dest));

        Assert.Contains("leads out of it", e.Message, StringComparison.Ordinal);
        Assert.False(Path.Exists(Path.Combine(dest, "esc")));
    }

    [Fact]
    public void Materialize_DuplicateDirectoryName_IsRefused_NeverWritingThroughTheFirst()
    {
        // Given `a/up -> ..` then a second `a` whose `up/x` would land next to `a` (through the link) if the
        // existing `a` were reused
        using var f = new StoreFixture();
        var first = new Directory();
        first.Symlinks.Add(new SymlinkNode { Name = "up", Target = ".." });
        var up = new Directory();
        up.Files.Add(new FileNode { Name = "x", Digest = LocalStore.ToProto(f.Store.PutBytes("x"u8)) });
        var second = new Directory();
        second.Directories.Add(new DirectoryNode { Name = "up", Digest = LocalStore.ToProto(f.Store.PutDirectory(up)) });
        var root = new Directory();
        root.Directories.Add(new DirectoryNode { Name = "a", Digest = LocalStore.ToProto(f.Store.PutDirectory(second)) });
        root.Directories.Add(new DirectoryNode { Name = "a", Digest = LocalStore.ToProto(f.Store.PutDirectory(first)) });
        var dest = f.Temp.Combine("dest");

        var e = Assert.Throws<KilnException>(() => f.Store.Materialize(f.Store.PutDirectory(root), dest));

        Assert.Contains("two entries with one name", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dest, "x")));
    }

    [Fact]
    public void Materialize_IntoASymlink_IsRefused()
    {
        using var f = new StoreFixture();
        var elsewhere = f.Temp.Combine("elsewhere");
        System.IO.Directory.CreateDirectory(elsewhere);
        var dest = f.Temp.Combine("dest");
        File.CreateSymbolicLink(dest, elsewhere);
        var tree = new Directory();
        tree.Files.Add(new FileNode { Name = "x", Digest = LocalStore.ToProto(f.Store.PutBytes("x"u8)) });

        Assert.Throws<KilnException>(() => f.Store.Materialize(f.Store.PutDirectory(tree), dest));

        Assert.Empty(System.IO.Directory.EnumerateFileSystemEntries(elsewhere));
    }

    [Fact]
    public void OutputPlacement_ParentIsASymlinkLeadingOut_IsRefused_AndNothingIsCreatedThere()
    {
        using var f = new StoreFixture();
        var root = f.Temp.Combine("dist");
        var outside = f.Temp.Combine("outside");
        System.IO.Directory.CreateDirectory(Path.Combine(root, "out"));
        System.IO.Directory.CreateDirectory(outside);
        File.CreateSymbolicLink(Path.Combine(root, "out", "esc"), outside);

        var e = Assert.Throws<KilnException>(() => OutputPlacement.Prepare(root, "out/esc/sub/pwned"));

        Assert.Contains("is a symlink, not a directory", e.Message + string.Join(' ', e.Details.Select(d => d.Value)), StringComparison.Ordinal);
        Assert.Empty(System.IO.Directory.EnumerateFileSystemEntries(outside));
    }

    [Fact]
    public void OutputPlacement_OutputIsASymlinkToADirectoryOutside_UnlinksIt_AndDeletesNothingOutside()
    {
        using var f = new StoreFixture();
        var root = f.Temp.Combine("dist");
        var victim = f.Temp.Combine("victim");
        System.IO.Directory.CreateDirectory(root);
        System.IO.Directory.CreateDirectory(victim);
        File.WriteAllText(Path.Combine(victim, "keep.txt"), "kept");
        File.CreateSymbolicLink(Path.Combine(root, "gen"), victim);

        var dest = OutputPlacement.Prepare(root, "gen");

        Assert.Equal(Path.Combine(root, "gen"), dest);
        Assert.False(Path.Exists(dest));
        Assert.Equal("kept", File.ReadAllText(Path.Combine(victim, "keep.txt")));
    }

    [Fact]
    public void OutputPlacement_RealDirectoryHoldingALinkOut_IsDeleted_ButNotWhatTheLinkPointsAt()
    {
        using var f = new StoreFixture();
        var root = f.Temp.Combine("dist");
        var victim = f.Temp.Combine("victim");
        System.IO.Directory.CreateDirectory(Path.Combine(root, "gen"));
        System.IO.Directory.CreateDirectory(victim);
        File.WriteAllText(Path.Combine(victim, "keep.txt"), "kept");
        File.CreateSymbolicLink(Path.Combine(root, "gen", "link"), victim);

        var dest = OutputPlacement.Prepare(root, "gen");

        Assert.False(Path.Exists(dest));
        Assert.Equal("kept", File.ReadAllText(Path.Combine(victim, "keep.txt")));
    }
}
