using System.Security.Cryptography;
using Kiln.Store;

namespace Kiln.Cli.Tests;

public class DebugDigestTests
{
    [Fact]
    public async Task Digest_File_PrintsSha256AndSize()
    {
        using var cli = new CliRunner();
        File.WriteAllText(Path.Combine(cli.Work, "f.txt"), "hello\n");
        var r = await cli.RunAsync("debug", "digest", "f.txt");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal($"{Convert.ToHexStringLower(SHA256.HashData("hello\n"u8))}/6\n", r.Stdout);
    }

    [Fact]
    public async Task Digest_Directory_EqualsStoreSnapshotRoot_AndWritesNothingToTheStore()
    {
        using var cli = new CliRunner();
        Kiln.Testing.SampleTrees.Write(Path.Combine(cli.Work, "tree"));
        var r = await cli.RunAsync("debug", "digest", "tree");
        Assert.Equal(0, r.ExitCode);
        Assert.False(Directory.Exists(cli.StoreRoot));
        using var temp = new Kiln.Testing.TempDirectory();
        var expected = new LocalStore(temp.Combine("s")).Snapshot(Path.Combine(cli.Work, "tree"));
        Assert.Equal(expected + "\n", r.Stdout);
    }

    [Fact]
    public async Task Digest_MissingPath_IsUserErrorWithoutStackTrace()
    {
        using var cli = new CliRunner();
        var r = await cli.RunAsync("debug", "digest", "nope");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: no such file or directory\n", r.Stderr, StringComparison.Ordinal);
        Assert.Matches("(?m)^  path: .*/nope$", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }
}
