namespace Kiln.Cli.Tests;

public class RemoteConfigTests
{
    private static string[] Exec => ["debug", "exec", "--input", "in", "--", "/bin/true"];

    private static CliRunner WithToml(string toml)
    {
        var cli = new CliRunner();
        Directory.CreateDirectory(Path.Combine(cli.Work, "in"));
        File.WriteAllText(Path.Combine(cli.Work, "kiln.toml"), toml);
        return cli;
    }

    [Fact]
    public async Task Config_BadRemoteUrl_IsAUserError_NamingTheFileAndKey()
    {
        using var cli = WithToml("[remote]\ncache = \"ftp://cache.example\"\n");

        var run = await cli.RunAsync(Exec);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the remote cache URL is not valid", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("kiln.toml", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("remote.cache", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("unsupported scheme 'ftp'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_UnknownRemoteKey_IsAUserError()
    {
        using var cli = WithToml("[remote]\ncache = \"grpc://127.0.0.1:1\"\nuplaod = true\n");

        var run = await cli.RunAsync(Exec);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("remote.uplaod", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flag_BadRemoteUrl_IsAUserError()
    {
        using var cli = WithToml("");

        var run = await cli.RunAsync(["debug", "exec", "--remote-cache", "grpc://host:1/path", "--input", "in", "--", "/bin/true"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--remote-cache", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_HeaderFromUnsetVariable_IsAUserError()
    {
        using var cli = WithToml("[remote]\ncache = \"http://127.0.0.1:1\"\nheaders_from_env = { authorization = \"KILN_TEST_UNSET_TOKEN\" }\n");

        var run = await cli.RunAsync(Exec);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("KILN_TEST_UNSET_TOKEN", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_UnreachableRemote_WarnsOnce_AndTheRunSucceeds()
    {
        using var cli = WithToml("[remote]\ncache = \"grpc://127.0.0.1:1\"\ntimeout_seconds = 5\nupload = true\n");

        var run = await cli.RunAsync([.. Exec[..^2], "--summary-json", "s.json", "--", "/bin/true"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("warning: remote cache grpc://127.0.0.1:1", StringComparison.Ordinal));
        Assert.Contains("\"errors\": 1", File.ReadAllText(Path.Combine(cli.Work, "s.json")), StringComparison.Ordinal);
    }
}
