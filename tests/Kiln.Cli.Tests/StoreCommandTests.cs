namespace Kiln.Cli.Tests;

public class StoreCommandTests
{
    [Fact]
    public async Task Version_PrintsVersion()
    {
        using var cli = new CliRunner();
        var r = await cli.RunAsync("--version");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("0.1.0\n", r.Stdout);
    }

    [Fact]
    public async Task UnknownCommand_IsUserError()
    {
        using var cli = new CliRunner();
        var r = await cli.RunAsync("frobnicate");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error:", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gc_BadSize_IsUserErrorWithHint()
    {
        using var cli = new CliRunner();
        var r = await cli.RunAsync("gc", "--max-size", "lots");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: not a valid size", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint:", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gc_ToZero_EmptiesTheStore_AndCleanRemovesEverything()
    {
        using var cli = new CliRunner();
        Directory.CreateDirectory(Path.Combine(cli.Work, "in"));
        File.WriteAllText(Path.Combine(cli.Work, "in", "a"), "a");
        Assert.Equal(0, (await cli.RunAsync("debug", "exec", "--input", "in", "--", "/bin/true")).ExitCode);

        var gc = await cli.RunAsync("gc", "--max-size", "0");
        Assert.Equal(0, gc.ExitCode);
        Assert.Contains("-> 0 B", gc.Stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(cli.StoreRoot, "ac"), "*", SearchOption.AllDirectories));

        var clean = await cli.RunAsync("clean");
        Assert.Equal(0, clean.ExitCode);
        // The lease's lock file stays: a process waiting on it must lock the same file clean held.
        Assert.Equal(["lock"], Directory.EnumerateFiles(cli.StoreRoot, "*", SearchOption.AllDirectories).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Clean_KilnHomeIsNotAStore_Refuses()
    {
        using var cli = new CliRunner();
        Directory.CreateDirectory(cli.StoreRoot);
        File.WriteAllText(Path.Combine(cli.StoreRoot, "precious.txt"), "keep me");
        var r = await cli.RunAsync("clean");
        Assert.Equal(2, r.ExitCode);
        Assert.True(File.Exists(Path.Combine(cli.StoreRoot, "precious.txt")));
    }
}
