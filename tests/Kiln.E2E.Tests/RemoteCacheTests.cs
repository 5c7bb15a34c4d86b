using System.Text.Json;
using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// Two "machines" (separate checkouts, separate empty stores) sharing a Bazel HTTP cache served by nginx:
/// what machine A uploads, machine B reuses without running anything or fetching any module.
public sealed class RemoteCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-e2e-remote");
    private readonly NginxBazelCache _cache = new();

    public void Dispose()
    {
        _cache.Dispose();
        _temp.Dispose();
    }

    private static long Get(KilnRun run, string section, string field) => run.Summary!.Value.GetProperty(section).GetProperty(field).GetInt64();

    [Fact]
    public async Task DebugExec_OnASecondMachine_IsARemoteHit_NothingRuns_AndOutputsAreIdentical()
    {
        var url = _cache.Url("ci").ToString();
        string[] Args(params string[] remote) =>
        [
            "debug", "exec", .. remote, "--input", "in", "--output", "out/upper.txt", "--output", "out/nonce", "--env", "PATH=/usr/bin:/bin",
            "--", "sh", "-c", "mkdir -p out && tr a-z A-Z < a.txt > out/upper.txt && head -c 32 /dev/urandom > out/nonce && echo made",
        ];
        var checkoutA = _temp.Combine("a");
        var checkoutB = _temp.Combine("elsewhere", "b");
        foreach (var checkout in new[] { checkoutA, checkoutB })
        {
            Directory.CreateDirectory(Path.Combine(checkout, "in"));
            File.WriteAllText(Path.Combine(checkout, "in", "a.txt"), "remote cache");
        }
        var machineA = new KilnProcess(_temp.Combine("store-a"));
        var machineB = new KilnProcess(_temp.Combine("store-b"), new Dictionary<string, string> { ["KILN_REMOTE_CACHE"] = url });

        var a = await machineA.RunAsync(checkoutA, Args("--remote-cache", url, "--remote-upload"));
        var b = await machineB.RunAsync(checkoutB, Args());

        Assert.True(a.ExitCode == 0, a.ToString());
        Assert.Equal(1, Get(a, "actions", "executed"));
        Assert.True(Get(a, "remote", "bytes_up") > 0);
        Assert.True(b.ExitCode == 0, b.ToString());
        Assert.Contains("was a remote cache hit", b.Stderr, StringComparison.Ordinal);
        Assert.Equal("made\n", b.Stdout);
        Assert.Equal(0, Get(b, "actions", "executed"));
        Assert.Equal(1, Get(b, "actions", "remote_cache_hits"));
        Assert.Equal(1, Get(b, "remote", "hits"));
        Assert.Equal(0, Get(b, "remote", "errors"));
        Assert.Equal(0, Get(b, "remote", "bytes_up"));
        foreach (var output in new[] { "upper.txt", "nonce" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(checkoutA, "dist", "out", output)), File.ReadAllBytes(Path.Combine(checkoutB, "dist", "out", output)));
    }

    [Fact]
    public async Task ModDownload_OnASecondMachine_FetchesNothingFromTheProxy()
    {
        using var proxy = new NginxModuleProxy(Corpus.ProxyDir);
        var url = _cache.Url().ToString();
        var wsA = Corpus.CopyWorkspace("small", _temp.Combine("a", "small"));
        var wsB = Corpus.CopyWorkspace("small", _temp.Combine("elsewhere", "b", "small"));
        var machineA = new KilnProcess(_temp.Combine("store-a"), new Dictionary<string, string> { ["GOPROXY"] = proxy.Url });
        var machineB = new KilnProcess(_temp.Combine("store-b"), new Dictionary<string, string> { ["GOPROXY"] = proxy.Url });

        var a = await machineA.RunAsync(wsA, "mod", "download", "--remote-cache", url, "--remote-upload");
        Assert.True(a.ExitCode == 0, a.ToString());
        Assert.NotEmpty(proxy.ZipRequests());
        proxy.ClearLog();
        var b = await machineB.RunAsync(wsB, "mod", "download", "--remote-cache", url);

        Assert.True(b.ExitCode == 0, b.ToString());
        Assert.Empty(proxy.Requests());
        Assert.Equal(0, b.Modules("fetched"));
        Assert.Equal(a.Modules("fetched"), b.Modules("reused"));
        Assert.True(Get(b, "remote", "hits") > a.Modules("fetched"), JsonSerializer.Serialize(b.Summary));
        Assert.Equal(0, Get(b, "remote", "errors"));
        Assert.DoesNotContain("warning:", b.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_OnASecondMachine_EveryActionIsARemoteHit_NoModuleIsFetched_AndBinariesAreIdentical()
    {
        using var proxy = new NginxModuleProxy(Corpus.ProxyDir);                              // Given: A built with upload on
        var url = _cache.Url().ToString();
        var wsA = Corpus.CopyWorkspace("small", _temp.Combine("a", "small"));
        var wsB = Corpus.CopyWorkspace("small", _temp.Combine("elsewhere", "b", "small"));
        var machineA = new KilnProcess(_temp.Combine("store-a"), new Dictionary<string, string> { ["GOPROXY"] = proxy.Url });
        var machineB = new KilnProcess(_temp.Combine("store-b"), new Dictionary<string, string> { ["GOPROXY"] = proxy.Url });
        var a = await machineA.RunAsync(wsA, "build", "./...", "--allow-download", "--remote-cache", url, "--remote-upload");
        Assert.True(a.ExitCode == 0, a.ToString());
        Assert.True(Get(a, "build", "compiles_executed") > 50, "machine A compiled std and every package itself");
        Assert.NotEmpty(proxy.ZipRequests());
        proxy.ClearLog();

        var download = await machineB.RunAsync(wsB, "mod", "download", "--remote-cache", url);   // When: B, upload off
        var build = await machineB.RunAsync(wsB, "build", "./...", "--remote-cache", url);

        Assert.True(download.ExitCode == 0, download.ToString());                              // Then
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Empty(proxy.Requests());
        Assert.Equal(0, download.Modules("fetched"));
        foreach (var run in new[] { download, build })
        {
            Assert.Equal(0, Get(run, "actions", "executed"));
            Assert.Equal(0, Get(run, "remote", "errors"));
            Assert.Equal(0, Get(run, "remote", "bytes_up"));
            Assert.DoesNotContain("warning:", run.Stderr, StringComparison.Ordinal);
        }
        Assert.Equal(0, Get(build, "build", "compiles_executed"));
        Assert.Equal(0, Get(build, "build", "links_executed"));
        Assert.Equal(Get(a, "build", "compiles_executed"), Get(build, "build", "compiles_cached"));
        Assert.True(Get(build, "actions", "remote_cache_hits") >= Get(a, "actions", "executed"), JsonSerializer.Serialize(build.Summary));
        Assert.Equal(0, Get(build, "analysis", "packages_analysed"));
        var binariesA = Binaries(wsA);
        Assert.NotEmpty(binariesA);
        Assert.Equal(binariesA, Binaries(wsB));
        foreach (var rel in binariesA)
            Assert.Equal(File.ReadAllBytes(Path.Combine(wsA, rel)), File.ReadAllBytes(Path.Combine(wsB, rel)));
    }

    [Fact]
    public async Task Test_OnASecondMachine_EveryPassingResultIsARemoteHit_AndNothingRuns()
    {
        var url = _cache.Url().ToString();                                                     // Given: A tested with upload on
        var wsA = Corpus.CopyWorkspace("small", _temp.Combine("a", "small"));
        var wsB = Corpus.CopyWorkspace("small", _temp.Combine("elsewhere", "b", "small"));
        var proxy = new Dictionary<string, string> { ["GOPROXY"] = "file://" + Corpus.ProxyDir };
        var machineA = new KilnProcess(_temp.Combine("store-a"), proxy);
        var machineB = new KilnProcess(_temp.Combine("store-b"), proxy);
        var a = await machineA.RunAsync(wsA, "test", "./...", "--allow-download", "--remote-cache", url, "--remote-upload");
        Assert.True(a.ExitCode == 0, a.ToString());
        var ran = Get(a, "tests", "run");
        Assert.True(ran > 0, a.ToString());

        Assert.Equal(0, (await machineB.RunAsync(wsB, "mod", "download", "--remote-cache", url)).ExitCode);  // When: B, upload off
        var b = await machineB.RunAsync(wsB, "test", "./...", "--remote-cache", url);

        Assert.True(b.ExitCode == 0, b.ToString());                                            // Then
        Assert.Equal(0, Get(b, "actions", "executed"));
        Assert.Equal(0, Get(b, "tests", "run"));
        Assert.Equal(ran, Get(b, "tests", "cached"));
        Assert.Equal(0, Get(b, "remote", "errors"));
        var okLines = b.Stdout.Split('\n').Where(l => l.StartsWith("ok", StringComparison.Ordinal)).ToList();
        Assert.Equal(ran, okLines.Count);
        Assert.All(okLines, l => Assert.EndsWith("(cached)", l, StringComparison.Ordinal));
    }

    private static List<string> Binaries(string ws) =>
        Directory.EnumerateFiles(Path.Combine(ws, "dist"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(ws, f)).Order(StringComparer.Ordinal).ToList();
}
