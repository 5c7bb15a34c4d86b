using Kiln.Testing;

namespace Kiln.Cli.Tests;

/// Runs the kiln command in-process against a private store and working directory.
internal sealed class CliRunner : IDisposable
{
    public TempDirectory Temp { get; } = new("kiln-cli");
    public string Work => Temp.Combine("work");
    public string StoreRoot => Temp.Combine("store");

    public CliRunner() => Directory.CreateDirectory(Work);

    /// PATH for the next runs: Go 1.23 first, then the system directories.
    public string SearchPath { get; set; } = "/usr/lib/go-1.23/bin:/usr/local/bin:/usr/bin:/bin";

    public async Task<CliResult> RunAsync(params string[] args)
    {
        var env = new Dictionary<string, string>
        {
            ["KILN_HOME"] = StoreRoot,
            ["PATH"] = SearchPath,
            ["HOME"] = Temp.Path,
        };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var app = new KilnApp(new HostEnvironment(env, Work), stdout, stderr);
        var code = await app.RunAsync(args, TestContext.Current.CancellationToken);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => Temp.Dispose();
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr);
