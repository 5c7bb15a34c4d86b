using System.Text.Json;

namespace Kiln.Cli.Tests;

public class DebugExecTests
{
    [Fact]
    public async Task Exec_SecondRun_IsCacheHit_ReportedInSummary_AndOutputsWritten()
    {
        using var cli = new CliRunner();
        Directory.CreateDirectory(Path.Combine(cli.Work, "in"));
        File.WriteAllText(Path.Combine(cli.Work, "in", "a.txt"), "abc");
        string[] args = ["debug", "exec", "--input", "in", "--output", "out/upper.txt", "--env", "PATH=/usr/bin:/bin",
            "--summary-json", "s.json", "--", "sh", "-c", "mkdir -p out && tr a-z A-Z < a.txt > out/upper.txt && echo made"];

        var first = await cli.RunAsync(args);
        var firstSummary = JsonDocument.Parse(File.ReadAllText(Path.Combine(cli.Work, "s.json"))).RootElement;
        File.Delete(Path.Combine(cli.Work, "dist", "out", "upper.txt"));
        var second = await cli.RunAsync(args);
        var secondSummary = JsonDocument.Parse(File.ReadAllText(Path.Combine(cli.Work, "s.json"))).RootElement;

        Assert.Equal(0, first.ExitCode);
        Assert.Equal("made\n", first.Stdout);
        Assert.Equal(1, firstSummary.GetProperty("actions").GetProperty("executed").GetInt32());
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("made\n", second.Stdout); // replayed from the cached stdout blob
        Assert.Equal(0, secondSummary.GetProperty("actions").GetProperty("executed").GetInt32());
        Assert.Equal(1, secondSummary.GetProperty("actions").GetProperty("local_cache_hits").GetInt32());
        Assert.Equal("ABC", File.ReadAllText(Path.Combine(cli.Work, "dist", "out", "upper.txt")));
    }

    [Fact]
    public async Task Exec_FailingCommand_ExitsOne_ShowsItsOutput_AndIsNotCached()
    {
        using var cli = new CliRunner();
        Directory.CreateDirectory(Path.Combine(cli.Work, "in"));
        string[] args = ["debug", "exec", "--input", "in", "--summary-json", "s.json", "--", "/bin/sh", "-c", "echo broken >&2; exit 3"];
        var first = await cli.RunAsync(args);
        var second = await cli.RunAsync(args);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(cli.Work, "s.json"))).RootElement;
        Assert.Equal(1, first.ExitCode);
        Assert.Contains("broken", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("error: the action failed", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("exit code: 3", first.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, second.ExitCode);
        Assert.Equal(1, summary.GetProperty("actions").GetProperty("executed").GetInt32());
    }

    [Fact]
    public async Task Exec_BadEnvAssignment_IsUserError()
    {
        using var cli = new CliRunner();
        Directory.CreateDirectory(Path.Combine(cli.Work, "in"));
        var r = await cli.RunAsync("debug", "exec", "--input", "in", "--env", "=x", "--", "true");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: not a valid environment assignment", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_OutputEscapingSandbox_IsUserError()
    {
        using var cli = new CliRunner();
        Directory.CreateDirectory(Path.Combine(cli.Work, "in"));
        var r = await cli.RunAsync("debug", "exec", "--input", "in", "--output", "../evil", "--", "true");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("invalid path", r.Stderr, StringComparison.Ordinal);
    }
}
