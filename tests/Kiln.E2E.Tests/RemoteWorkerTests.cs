using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// REAPI gRPC against a server Kiln did not write: Bazel's RemoteWorker (it insists on the RequestMetadata
/// header and answers BatchReadBlobs with UNIMPLEMENTED, so reads go through ByteStream).
public sealed class RemoteWorkerTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-e2e-remoteworker");
    private readonly BazelRemoteWorker _worker = new();

    public void Dispose()
    {
        _worker.Dispose();
        _temp.Dispose();
    }

    private static long Get(KilnRun run, string section, string field) => run.Summary!.Value.GetProperty(section).GetProperty(field).GetInt64();

    [Fact]
    public async Task DebugExec_UploadedFromStoreA_IsARemoteHitFromEmptyStoreB_WithIdenticalOutputs()
    {
        var url = _worker.Url.ToString();                                                    // Given
        string[] Args(params string[] remote) =>
        [
            "debug", "exec", "--remote-cache", url, .. remote, "--input", "in", "--output", "out/upper.txt", "--output", "out/nonce",
            "--env", "PATH=/usr/bin:/bin", "--", "sh", "-c",
            "mkdir -p out && tr a-z A-Z < a.txt > out/upper.txt && head -c 32 /dev/urandom > out/nonce && echo made",
        ];
        var checkoutA = _temp.Combine("a");
        var checkoutB = _temp.Combine("elsewhere", "b");
        foreach (var checkout in new[] { checkoutA, checkoutB })
        {
            Directory.CreateDirectory(Path.Combine(checkout, "in"));
            File.WriteAllText(Path.Combine(checkout, "in", "a.txt"), "remote worker");
        }

        var a = await new KilnProcess(_temp.Combine("store-a")).RunAsync(checkoutA, Args("--remote-upload"));   // When
        var b = await new KilnProcess(_temp.Combine("store-b")).RunAsync(checkoutB, Args());

        Assert.True(a.ExitCode == 0, $"{a}\nRemoteWorker:\n{_worker.Log}");                   // Then
        Assert.Equal(1, Get(a, "actions", "executed"));
        Assert.Equal(0, Get(a, "remote", "errors"));
        Assert.True(Get(a, "remote", "bytes_up") > 0);
        Assert.True(b.ExitCode == 0, $"{b}\nRemoteWorker:\n{_worker.Log}");
        Assert.Contains("was a remote cache hit", b.Stderr, StringComparison.Ordinal);
        Assert.Equal("made\n", b.Stdout);
        Assert.Equal(0, Get(b, "actions", "executed"));
        Assert.Equal(1, Get(b, "remote", "hits"));
        Assert.Equal(0, Get(b, "remote", "errors"));
        Assert.True(Get(b, "remote", "bytes_down") > 0);
        Assert.DoesNotContain("warning:", b.Stderr, StringComparison.Ordinal);
        foreach (var output in new[] { "upper.txt", "nonce" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(checkoutA, "dist", "out", output)), File.ReadAllBytes(Path.Combine(checkoutB, "dist", "out", output)));
        Assert.Equal("REMOTE WORKER", File.ReadAllText(Path.Combine(checkoutB, "dist", "out", "upper.txt")));
    }
}
