using Kiln.Testing;

namespace Kiln.Cli.Tests;

/// Concurrent builds of one workspace write the same binaries at once (issue 18, item 7: a shared
/// `dest.kiln-tmp` made one build fail with "Could not find file ...kiln-tmp").
public sealed class AtomicFileTests
{
    private const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public async Task Write_ManyWritersOfOneDestination_AllSucceed_TheResultIsOneWholeVersion_AndNoTempIsLeft()
    {
        using var temp = new TempDirectory("kiln-atomic");
        var dest = temp.Combine("bin", "app");
        Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
        var versions = Enumerable.Range(0, 8).Select(i => Enumerable.Repeat((byte)('a' + i), 256 << 10).ToArray()).ToArray();

        await Task.WhenAll(versions.Select(v => Task.Run(() =>
        {
            for (var round = 0; round < 40; round++) AtomicFile.Write(dest, v, Mode);
        }, TestContext.Current.CancellationToken)));

        var written = File.ReadAllBytes(dest);
        Assert.Contains(versions, v => v.AsSpan().SequenceEqual(written));
        Assert.Equal(Mode, File.GetUnixFileMode(dest));
        Assert.Equal(["app"], Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(dest)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_Failing_LeavesNoTempFile()
    {
        using var temp = new TempDirectory("kiln-atomic");
        var dest = temp.Combine("app");
        Directory.CreateDirectory(dest); // a directory in the way: the rename fails

        Assert.ThrowsAny<IOException>(() => AtomicFile.Write(dest, "x"u8.ToArray(), Mode));

        Assert.Equal(["app"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }
}
