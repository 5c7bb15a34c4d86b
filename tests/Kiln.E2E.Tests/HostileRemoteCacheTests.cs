using System.Text.Json;
using Google.Protobuf;
using Kiln.Core;
using Kiln.Go.Packages;
using Kiln.Testing;
using ActionResult = Kiln.Store.Reapi.ActionResult;

namespace Kiln.E2E.Tests;

/// Fault injection end to end: a Bazel HTTP cache (nginx on loopback) whose entries an attacker rewrote. A
/// fresh machine using it never writes or deletes outside its output root and never compiles a host file into
/// a binary; each poisoned entry is a miss and one warning naming its key.
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

    /// Issue 18, item 1, as reported: `kiln debug exec` with a remote cache whose entry for the action holds
    /// output directory `out` with `d/up -> ..` and `esc -> d/up/d/up/d/up/d/up/../../../..`, plus an output
    /// file and an output directory through `esc`. Run twice on fresh stores: nothing is created or deleted
    /// outside `dist/`, each run warns naming the key, and the action runs locally.
    [Fact]
    public async Task DebugExec_EntryWithEscapingSymlinkChain_WritesAndDeletesNothingOutsideDist()
    {
        var url = _cache.Url().ToString();                                                                              // Given
        var checkout = _temp.Combine("x", "y", "ws");   // dist/out plus four `..` is <temp>/x
        _temp.Write("x/y/ws/in/a.txt", "input\n");
        var victim = _temp.Write("x/victim/keep.txt", "kept\n");
        var planted = _temp.Combine("x", "outside", "pwned");
        string[] args = ["debug", "exec", "--input", "in", "--output-dir", "out", "--env", "PATH=/usr/bin:/bin", "--remote-cache", url,
            "--", "sh", "-c", "mkdir -p out && cp a.txt out/real.txt"];
        var honest = await new KilnProcess(_temp.Combine("store-a")).RunAsync(checkout, [.. args[..^4], "--remote-upload", .. args[^4..]]);
        Assert.True(honest.ExitCode == 0, honest.ToString());
        var key = Path.GetFileName(Assert.Single(Directory.EnumerateFiles(Path.Combine(_cache.DataDir, "ac"))));
        ServeEscapingEntry(key);
        Directory.Delete(Path.Combine(checkout, "dist"), recursive: true);

        var first = await new KilnProcess(_temp.Combine("store-b")).RunAsync(checkout, args);                         // When
        var rerun = await new KilnProcess(_temp.Combine("store-c")).RunAsync(checkout, args);

        foreach (var run in new[] { first, rerun })                                                                     // Then
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("executed in a sandbox", run.Stderr, StringComparison.Ordinal);
            var warning = Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("warning:", StringComparison.Ordinal));
            Assert.Contains(key, warning, StringComparison.Ordinal);
            Assert.Contains("escapes the tree", warning, StringComparison.Ordinal);
        }
        Assert.Equal("kept\n", File.ReadAllText(victim));
        Assert.False(Path.Exists(Path.GetDirectoryName(planted)));
        Assert.Equal("input\n", File.ReadAllText(Path.Combine(checkout, "dist", "out", "real.txt")));
        Assert.False(Path.Exists(Path.Combine(checkout, "dist", "out", "esc")));
    }

    /// Replaces the server's entry for `key` with the crafted one (blobs written straight into nginx's store).
    private void ServeEscapingEntry(string key)
    {
        Store.Reapi.Digest Put(byte[] bytes)
        {
            var d = Digest.Of(bytes);
            if (bytes.Length > 0) File.WriteAllBytes(Path.Combine(_cache.DataDir, "cas", d.Hash), bytes);
            return new Store.Reapi.Digest { Hash = d.Hash, SizeBytes = d.SizeBytes };
        }
        var d = new Store.Reapi.Directory { Symlinks = { new Store.Reapi.SymlinkNode { Name = "up", Target = ".." } } };
        var root = new Store.Reapi.Directory
        {
            Directories = { new Store.Reapi.DirectoryNode { Name = "d", Digest = Put(d.ToByteArray()) } },
            Symlinks = { new Store.Reapi.SymlinkNode { Name = "esc", Target = "d/up/d/up/d/up/d/up/../../../.." } },
        };
        var result = new ActionResult { ExitCode = 0, StdoutDigest = Put("from the attacker\n"u8.ToArray()) };
        result.OutputDirectories.Add(new Store.Reapi.OutputDirectory
        {
            Path = "out",
            TreeDigest = Put(new Store.Reapi.Tree { Root = root, Children = { d } }.ToByteArray()),
            RootDirectoryDigest = Put(root.ToByteArray()),
        });
        result.OutputFiles.Add(new Store.Reapi.OutputFile { Path = "out/esc/outside/pwned", Digest = Put("pwned\n"u8.ToArray()) });
        result.OutputDirectories.Add(new Store.Reapi.OutputDirectory { Path = "out/esc/victim", TreeDigest = Put(new Store.Reapi.Tree { Root = new() }.ToByteArray()) });
        File.WriteAllBytes(Path.Combine(_cache.DataDir, "ac", key), result.ToByteArray());
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
