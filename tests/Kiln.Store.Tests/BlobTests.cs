using System.Text;
using Kiln.Core;

namespace Kiln.Store.Tests;

public class BlobTests
{
    [Fact]
    public void PutBytes_ThenRead_ReturnsSameBytes()
    {
        using var f = new StoreFixture();
        var data = Encoding.UTF8.GetBytes("hello");
        var d = f.Store.PutBytes(data);
        Assert.Equal(Digest.Of(data), d);
        Assert.Equal(data, f.Store.TryReadBytes(d));
    }

    [Fact]
    public void TryReadBytes_Missing_IsNull()
    {
        using var f = new StoreFixture();
        Assert.Null(f.Store.TryReadBytes(Digest.Of("nope"u8)));
    }

    [Fact]
    public void TryReadBytes_CorruptedSameSize_IsEvictedAndReported()
    {
        using var f = new StoreFixture();
        var d = f.Store.PutBytes("hello"u8);
        var path = Path.Combine(f.StoreRoot, "cas", d.Hash[..2], d.Hash);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, "jello");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetLastWriteTimeUtc(path, LocalStore.PinnedMtime); // even a careful forger is caught by the re-hash

        Assert.Null(f.Store.TryReadBytes(d));
        Assert.False(File.Exists(path));
        Assert.Contains(f.Events.Events, e => e is StoreEntryEvicted ev && ev.Digest == d);
        Assert.Equal(1, f.Store.Stats.CorruptEntriesEvicted);
    }

    [Fact]
    public void Contains_BlobWrittenThroughALink_IsNotSoundAnymore()
    {
        using var f = new StoreFixture();
        var d = f.Store.PutBytes("hello"u8);
        var path = Path.Combine(f.StoreRoot, "cas", d.Hash[..2], d.Hash);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.AppendAllText(path, "!"); // what a careless tool in a sandbox could do to a hard-linked input
        Assert.False(f.Store.Contains(d));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void PutFile_LargeFile_StoresExactContent()
    {
        using var f = new StoreFixture();
        var data = new byte[3 << 20];
        new Random(7).NextBytes(data);
        var src = f.Temp.Combine("big.bin");
        File.WriteAllBytes(src, data);
        var d = f.Store.PutFile(src);
        Assert.Equal(Digest.Of(data), d);
        Assert.Equal(data, f.Store.TryReadBytes(d));
    }

    [Fact]
    public void AdoptFile_WritableFile_IsMovedInAsASoundBlobWithoutACopy()
    {
        using var f = new StoreFixture();
        var data = new byte[(1 << 20) + 5];
        new Random(3).NextBytes(data);
        var src = f.Temp.Combine("out.a");
        File.WriteAllBytes(src, data);
        var writtenAt = new FileInfo(src).LastWriteTimeUtc;

        var d = f.Store.AdoptFile(src);

        Assert.Equal(Digest.Of(data), d);
        Assert.False(File.Exists(src));                       // renamed, not copied
        Assert.Equal(data, f.Store.TryReadBytes(d));
        Assert.True(f.Store.Contains(d));                     // read-only, pinned mtime: sound
        Assert.NotEqual(writtenAt, File.GetLastWriteTimeUtc(f.Store.TryGetBlobFile(d, BlobMode.Plain)!));
    }

    [Fact]
    public void AdoptFile_ReadOnlyHardLinkToABlob_IsCopiedAndTheBlobIsLeftAlone()
    {
        // Given an executable blob (its plain copy gone) hard-linked to an output path (an action that linked an
        // input to its output)
        using var f = new StoreFixture();
        var d = f.Store.PutBytes("#!/bin/sh\n"u8);
        var blob = f.Store.TryGetBlobFile(d, BlobMode.Executable)!;
        File.Delete(f.Store.TryGetBlobFile(d, BlobMode.Plain)!);
        var output = f.Temp.Combine("linked-output");
        f.Store.MaterializeFile(d, BlobMode.Executable, output, "test");
        var mode = File.GetUnixFileMode(blob);

        // When it is adopted
        var adopted = f.Store.AdoptFile(output);

        // Then the path stays, and the executable blob keeps its mode (it is still sound, not evicted)
        Assert.Equal(d, adopted);
        Assert.True(File.Exists(output));
        Assert.Equal(mode, File.GetUnixFileMode(blob));
        Assert.Equal(blob, f.Store.TryGetBlobFile(d, BlobMode.Executable));
        Assert.True(f.Store.Contains(d));
    }

    [Fact]
    public void PutBytes_ManyThreadsSameAndDifferentContent_AllSound()
    {
        using var f = new StoreFixture();
        var inputs = Enumerable.Range(0, 400).Select(i => Encoding.UTF8.GetBytes($"blob {i % 50}")).ToArray();
        var digests = new Digest[inputs.Length];
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => digests[i] = f.Store.PutBytes(inputs[i]));
        for (var i = 0; i < inputs.Length; i++) Assert.Equal(inputs[i], f.Store.TryReadBytes(digests[i]));
        Assert.Empty(StoreFixture.TempFiles(f.StoreRoot));
    }

    [Fact]
    public void TryGetBlobFile_SameContentPlainAndExecutable_AreDistinctInodesWithRightModes()
    {
        using var f = new StoreFixture();
        var d = f.Store.PutBytes("#!/bin/sh\necho hi\n"u8);
        var plain = f.Store.TryGetBlobFile(d, BlobMode.Plain)!;
        var exec = f.Store.TryGetBlobFile(d, BlobMode.Executable)!;
        Assert.NotEqual(plain, exec);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(plain));
        Assert.True(File.GetUnixFileMode(exec).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(exec));
    }
}
