using System.Diagnostics;

namespace Kiln.Cli.Tests;

public class VersionCommandTests
{
    [Fact]
    public async Task Version_GoOnPath_PrintsVersionCommitAndWhatGoVersionSays()
    {
        using var cli = new CliRunner();                            // Given: Go 1.23 first on PATH

        var r = await cli.RunAsync("version");                       // When

        Assert.Equal(0, r.ExitCode);                                 // Then
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("kiln 0.1.0", lines[0]);
        Assert.Matches("^commit: [0-9a-f]{40}$", lines[1]);          // the tests are always built from a git checkout
        Assert.Equal("go: /usr/lib/go-1.23/bin/go", lines[2]);
        Assert.Equal("go version: " + await GoVersionAsync("/usr/lib/go-1.23/bin/go"), lines[3]);
    }

    [Fact]
    public async Task Version_NoGoAnywhere_SaysNoneFound_AndExitsZero()
    {
        using var cli = new CliRunner { SearchPath = "/nonexistent" };

        var r = await cli.RunAsync("version");

        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("kiln 0.1.0\ncommit: ", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("go: none found (no Go toolchain found)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("hint: install Go", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_KilnTomlNamesAMissingSdk_SaysSo_AndExitsZero()
    {
        using var cli = new CliRunner();
        File.WriteAllText(Path.Combine(cli.Work, "go.mod"), "module example.com/m\n\ngo 1.23\n");
        File.WriteAllText(Path.Combine(cli.Work, "kiln.toml"), "[go]\nsdk = \"/nonexistent/go\"\n");

        var r = await cli.RunAsync("version");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("go: none found (the Go toolchain named in kiln.toml does not exist)", r.Stdout, StringComparison.Ordinal);
    }

    private static async Task<string> GoVersionAsync(string go)
    {
        using var p = Process.Start(new ProcessStartInfo(go, ["version"]) { RedirectStandardOutput = true })!;
        var stdout = await p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await p.WaitForExitAsync(TestContext.Current.CancellationToken);
        return stdout.TrimEnd();
    }
}
