using System.Diagnostics;
using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// `kiln mod graph` (Kiln's own minimal version selection over the stored go.mod files) against the go
/// command's `go list -m all` on every corpus workspace.
public sealed class ModGraphTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-e2e-graph");

    [Theory]
    [InlineData("small")]
    [InlineData("medium")]
    [InlineData("large")]
    public async Task Graph_CorpusWorkspace_EqualsGoListMAll(string name)
    {
        var ws = Corpus.CopyWorkspace(name, Path.Combine(_temp.Path, name));
        var kiln = new KilnProcess(Path.Combine(_temp.Path, "store"), new Dictionary<string, string> { ["GOPROXY"] = "file://" + Corpus.ProxyDir });
        Assert.Equal(0, (await kiln.RunAsync(ws, "mod", "download")).ExitCode);

        var graph = await kiln.RunAsync(ws, "mod", "graph");

        Assert.True(graph.ExitCode == 0, graph.ToString());
        Assert.Equal(await GoListMAll(ws), graph.Stdout);
    }

    [Fact]
    public async Task Graph_BeforeDownload_SaysWhichCommandToRun()
    {
        var ws = Corpus.CopyWorkspace("small", Path.Combine(_temp.Path, "small"));
        var run = await new KilnProcess(Path.Combine(_temp.Path, "store")).RunAsync(ws, "mod", "graph");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("kiln mod download", run.Stderr, StringComparison.Ordinal);
    }

    private async Task<string> GoListMAll(string ws)
    {
        var psi = new ProcessStartInfo(Path.Combine(Corpus.GoBin, "go"), ["list", "-m", "all"])
        { WorkingDirectory = ws, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in new Dictionary<string, string>
        {
            ["GOPROXY"] = "file://" + Corpus.ProxyDir,
            ["GOSUMDB"] = "off",
            ["GOFLAGS"] = "-mod=readonly",
            ["GOTOOLCHAIN"] = "local",
            ["GOWORK"] = "off",
            ["GOENV"] = "off",
            ["GOMODCACHE"] = Path.Combine(_temp.Path, "modcache"),
            ["GOCACHE"] = Path.Combine(_temp.Path, "gocache"),
        }) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = await p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, stderr);
        return stdout;
    }

    public void Dispose()
    {
        // The go command leaves its module cache read-only.
        var modcache = Path.Combine(_temp.Path, "modcache");
        if (Directory.Exists(modcache))
            foreach (var d in Directory.EnumerateDirectories(modcache, "*", SearchOption.AllDirectories))
                File.SetUnixFileMode(d, (UnixFileMode)0b111_101_101);
        _temp.Dispose();
    }
}
