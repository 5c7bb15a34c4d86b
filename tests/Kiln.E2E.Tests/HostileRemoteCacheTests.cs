using System.Text.Json;
using Google.Protobuf;
using Kiln.Core;
using Kiln.Go.Packages;
using Kiln.Testing;
using ActionResult = Kiln.Store.Reapi.ActionResult;

namespace Kiln.E2E.Tests;

/// Fault injection end to end: a Bazel HTTP cache (nginx on loopback) whose package-analysis entries an
/// attacker rewrote. A fresh machine building against it must never compile a host file into its binary.
public sealed class HostileRemoteCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-e2e-hostile");
    private readonly NginxBazelCache _cache = new();

    public void Dispose()
    {
        _cache.Dispose();
        _temp.Dispose();
    }

    private static long Get(KilnRun run, string section, string field) => run.Summary!.Value.GetProperty(section).GetProperty(field).GetInt64();

    /// Issue 18, item 2: the `go list` result of `cmd/hello` gets an absolute path in GoFiles. The poisoned
    /// entry is a miss with a warning naming its key; the package is analysed again locally and the binary is
    /// the honest one (bit-identical to the uploader's, every compile and the link remote hits).
    [Fact]
    public async Task Build_AnalysisResultNamingAHostFile_IsAMiss_WarnsNamingTheKey_AndTheHostFileIsNotCompiledIn()
    {
        var evil = _temp.Write("host/evil.go", "package main\n\nfunc init() { println(\"pwned\") }\n");  // Given
        var url = _cache.Url().ToString();
        var wsA = Workspace("a");
        var wsB = Workspace("b");
        var a = await new KilnProcess(_temp.Combine("store-a")).RunAsync(wsA, "build", "./...", "--allow-download", "--remote-cache", url, "--remote-upload");
        Assert.True(a.ExitCode == 0, a.ToString());
        var poisoned = Poison(evil, p => p.Name == "main");
        Assert.NotEmpty(poisoned);

        var b = await new KilnProcess(_temp.Combine("store-b")).RunAsync(wsB, "build", "./...", "--allow-download", "--remote-cache", url);  // When

        Assert.True(b.ExitCode == 0, b.ToString());                                                                    // Then
        Assert.Equal("exit 0\nhello\n", await ProgramOutput.RunAsync(Path.Combine(wsB, "dist", "cmd", "hello", "hello")));
        var warnings = b.Stderr.Split('\n').Where(l => l.StartsWith("warning:", StringComparison.Ordinal)).ToList();
        Assert.True(warnings.Count == poisoned.Count, b.ToString());                                                 // one per poisoned key
        foreach (var key in poisoned)
            Assert.Single(warnings, w => w.Contains(key.Hash, StringComparison.Ordinal) && w.Contains("GoFiles names " + evil, StringComparison.Ordinal));
        Assert.True(Get(b, "analysis", "packages_analysed") >= 1, b.ToString());
        Assert.Equal(0, Get(b, "build", "compiles_executed"));            // the honest analysis finds A's compiles again
        Assert.Equal(File.ReadAllBytes(Path.Combine(wsA, "dist", "cmd", "hello", "hello")), File.ReadAllBytes(Path.Combine(wsB, "dist", "cmd", "hello", "hello")));
    }

    /// The same with the cached `go list std`: `runtime`, linked into every binary, gets a host file.
    [Fact]
    public async Task Build_StdAnalysisNamingAHostFile_IsAMiss_WarnsNamingTheKey_AndTheHostFileIsNotCompiledIn()
    {
        var evil = _temp.Write("host/evil.go", "package runtime\n\nfunc init() { println(\"pwned\") }\n");  // Given
        var url = _cache.Url().ToString();
        var wsA = Workspace("a");
        var wsB = Workspace("b");
        var a = await new KilnProcess(_temp.Combine("store-a")).RunAsync(wsA, "build", "./...", "--allow-download", "--remote-cache", url, "--remote-upload");
        Assert.True(a.ExitCode == 0, a.ToString());
        var poisoned = Poison(evil, p => p.Standard && p.ImportPath == "runtime");
        Assert.Single(poisoned);

        var b = await new KilnProcess(_temp.Combine("store-b")).RunAsync(wsB, "build", "./...", "--allow-download", "--remote-cache", url);  // When

        Assert.True(b.ExitCode == 0, b.ToString());                                                                    // Then
        Assert.Equal("exit 0\nhello\n", await ProgramOutput.RunAsync(Path.Combine(wsB, "dist", "cmd", "hello", "hello")));
        var warning = Assert.Single(b.Stderr.Split('\n'), l => l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.Contains(poisoned[0].Hash, warning, StringComparison.Ordinal);
        Assert.Contains("GoFiles of runtime names " + evil, warning, StringComparison.Ordinal);
        Assert.Equal(0, Get(b, "build", "compiles_executed"));
    }

    private string Workspace(string machine)
    {
        var ws = _temp.Combine(machine, "ws");
        _temp.Write($"{machine}/ws/go.mod", "module example.com/hello\n\ngo 1.22\n");
        _temp.Write($"{machine}/ws/cmd/hello/main.go", "package main\n\nfunc main() { println(\"hello\") }\n");
        return ws;
    }

    /// Rewrites, on the server, every go list result (per-directory analyses, batches, `go list std`) so that
    /// the GoFiles of each package `target` picks also names `hostFile`; returns the keys it rewrote.
    private List<Digest> Poison(string hostFile, Func<GoListPackage, bool> target)
    {
        var poisoned = new List<Digest>();
        foreach (var entry in Directory.EnumerateFiles(Path.Combine(_cache.DataDir, "ac")))
        {
            var result = ActionResult.Parser.ParseFrom(File.ReadAllBytes(entry));
            if (result.StdoutDigest is not { SizeBytes: > 0 } so) continue;
            List<GoListPackage> packages;
            try { packages = GoListPackage.ParseStream(File.ReadAllBytes(Path.Combine(_cache.DataDir, "cas", so.Hash))); }
            catch (JsonException) { continue; }
            var hit = packages.Where(target).ToList();
            if (hit.Count == 0) continue;
            foreach (var p in hit) p.GoFiles = [.. p.GoFiles ?? [], hostFile];
            var stdout = packages.SelectMany(p => JsonSerializer.SerializeToUtf8Bytes(p).Append((byte)'\n')).ToArray();
            var digest = Digest.Of(stdout);
            File.WriteAllBytes(Path.Combine(_cache.DataDir, "cas", digest.Hash), stdout);
            result.StdoutDigest = new Store.Reapi.Digest { Hash = digest.Hash, SizeBytes = digest.SizeBytes };
            File.WriteAllBytes(entry, result.ToByteArray());
            poisoned.Add(new Digest(Path.GetFileName(entry), 0));
        }
        return poisoned;
    }
}
