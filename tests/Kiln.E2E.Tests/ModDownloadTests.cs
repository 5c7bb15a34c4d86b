using System.IO.Compression;
using System.Security.Cryptography;
using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// `kiln mod download` on the corpus workspaces against a real HTTP module proxy (nginx) whose access log
/// shows every module file the go command fetched.
public sealed class ModDownloadTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-e2e-mod");
    private readonly NginxModuleProxy _proxy = new(Corpus.ProxyDir);
    private readonly KilnProcess _kiln;

    public ModDownloadTests() =>
        _kiln = new KilnProcess(Path.Combine(_temp.Path, "store"), new Dictionary<string, string> { ["GOPROXY"] = _proxy.Url });

    private string StoreAc => Path.Combine(_temp.Path, "store", "ac");

    private static List<string> ZipLines(string ws) =>
        File.ReadAllLines(Path.Combine(ws, "go.sum")).Where(l => !l.Split(' ')[1].EndsWith("/go.mod", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task Download_Workspace_RequestsEachZipOnce_AndASecondRunRequestsNothing()
    {
        var ws = Corpus.CopyWorkspace("medium", Path.Combine(_temp.Path, "medium"));

        var first = await _kiln.RunAsync(ws, "mod", "download");
        var zips = _proxy.ZipRequests();
        _proxy.ClearLog();
        var second = await _kiln.RunAsync(ws, "mod", "download");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(zips.Count, zips.Distinct().Count());
        Assert.Equal(ZipLines(ws).Count, zips.Count);
        Assert.True(first.Modules("bytes_fetched") > 0);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Empty(_proxy.Requests());
        Assert.Equal(0, second.Modules("fetched"));
        Assert.Equal(first.Modules("fetched"), second.Modules("reused"));
        // The download left the mark saying every module of this go.mod is held, so the first build does not check
        // each module tree again (the same mark a build writes after checking).
        var held = Path.Combine(_temp.Path, "store", "marks", "go-module-manifest-held");
        Assert.Single(Directory.EnumerateFiles(held, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Download_AfterAddingOneModule_RequestsOnlyThatModule()
    {
        var ws = Corpus.CopyWorkspace("small", Path.Combine(_temp.Path, "small"));
        Assert.Equal(0, (await _kiln.RunAsync(ws, "mod", "download")).ExitCode);
        _proxy.ClearLog();
        var uuid = File.ReadAllLines(Path.Combine(Corpus.SharedDir, "corpus", "workspaces", "large", "go.sum"))
            .Where(l => l.StartsWith("github.com/google/uuid ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, uuid.Count);
        var version = uuid[0].Split(' ')[1].Replace("/go.mod", "", StringComparison.Ordinal);
        File.AppendAllText(Path.Combine(ws, "go.mod"), $"\nrequire github.com/google/uuid {version}\n");
        File.AppendAllLines(Path.Combine(ws, "go.sum"), uuid);

        var run = await _kiln.RunAsync(ws, "mod", "download");

        Assert.True(run.ExitCode == 0, run.ToString());
        var requests = _proxy.Requests();
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.StartsWith("/github.com/google/uuid/@v/", r, StringComparison.Ordinal));
        Assert.Single(_proxy.ZipRequests());
        Assert.Equal(1, run.Modules("fetched"));
    }

    [Fact]
    public async Task Download_TwoGoModsSharingModules_RequestsSharedModulesOnce()
    {
        var root = Path.Combine(_temp.Path, "mono");
        var a = Corpus.CopyWorkspace("small", Path.Combine(root, "a"));
        var b = Corpus.CopyWorkspace("medium", Path.Combine(root, "b"));
        File.WriteAllText(Path.Combine(root, "kiln.toml"), "");
        var shared = ZipLines(a).Intersect(ZipLines(b)).ToList();
        Assert.NotEmpty(shared);

        var run = await _kiln.RunAsync(root, "mod", "download");

        Assert.True(run.ExitCode == 0, run.ToString());
        var zips = _proxy.ZipRequests();
        Assert.Equal(zips.Count, zips.Distinct().Count());
        Assert.Equal(ZipLines(a).Union(ZipLines(b)).Count(), zips.Count);
        Assert.Contains("a/go.mod", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("b/go.mod", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_GoWorkOverTwoModules_ResolvesOneBuildList_EachZipOnce()
    {
        var root = Path.Combine(_temp.Path, "work");
        var a = Corpus.CopyWorkspace("small", Path.Combine(root, "a"));
        var b = Corpus.CopyWorkspace("medium", Path.Combine(root, "b"));
        File.WriteAllText(Path.Combine(root, "go.work"), "go 1.23\n\nuse (\n\t./a\n\t./b\n)\n");
        // The workspace's combined graph needs checksums neither go.sum has: the go command keeps them in
        // go.work.sum, which a user's first go command writes.
        await GoTool.RunAsync(root, Path.Combine(_temp.Path, "oracle"), new Dictionary<string, string> { ["GOWORK"] = Path.Combine(root, "go.work") }, "list", "-m", "all");
        Assert.True(File.Exists(Path.Combine(root, "go.work.sum")));

        var first = await _kiln.RunAsync(root, "mod", "download");
        var zips = _proxy.ZipRequests();
        _proxy.ClearLog();
        var second = await _kiln.RunAsync(root, "mod", "download");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("go.work:", first.Stderr, StringComparison.Ordinal);
        Assert.Equal(zips.Count, zips.Distinct().Count());
        Assert.Equal(ZipLines(a).Union(ZipLines(b)).Count(), zips.Count);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Empty(_proxy.Requests());
    }

    [Theory]
    [InlineData("drop-gomod-line", "go.sum is missing checksums")]
    [InlineData("wrong-zip-hash", "does not match go.sum")]
    [InlineData("wrong-gomod-hash", "does not match go.sum")]
    public async Task Download_BadGoSum_IsRefused_AndStoresNoModule(string change, string message)
    {
        var ws = Corpus.CopyWorkspace("small", Path.Combine(_temp.Path, "small"));
        var sum = Path.Combine(ws, "go.sum");
        var lines = File.ReadAllLines(sum).ToList();
        var target = change switch
        {
            "drop-gomod-line" or "wrong-gomod-hash" => lines.FindIndex(l => l.StartsWith("github.com/spf13/pflag ", StringComparison.Ordinal) && l.Contains("/go.mod", StringComparison.Ordinal)),
            _ => lines.FindIndex(l => l.StartsWith("github.com/spf13/pflag ", StringComparison.Ordinal) && !l.Contains("/go.mod", StringComparison.Ordinal)),
        };
        Assert.True(target >= 0);
        if (change == "drop-gomod-line") lines.RemoveAt(target);
        else lines[target] = lines[target][..^10] + "AAAAAAAAA=";
        File.WriteAllLines(sum, lines);

        var run = await _kiln.RunAsync(ws, "mod", "download");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("github.com/spf13/pflag", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(StoreAc) && Directory.EnumerateFiles(StoreAc, "*", SearchOption.AllDirectories).Any(),
            "no module may be stored when go.sum is refused");
    }

    [Fact]
    public async Task Download_RequiredModuleWithoutZipLine_IsRefusedBeforeAnythingIsFetched()
    {
        var ws = Corpus.CopyWorkspace("small", Path.Combine(_temp.Path, "small"));
        var sum = Path.Combine(ws, "go.sum");
        File.WriteAllLines(sum, File.ReadAllLines(sum).Where(l => !(l.StartsWith("github.com/spf13/cobra ", StringComparison.Ordinal) && !l.Contains("/go.mod", StringComparison.Ordinal))));

        var run = await _kiln.RunAsync(ws, "mod", "download");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("go.sum is missing checksums", run.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"missing: github\.com/spf13/cobra v\S+ \(go\.mod:\d+\)", run.Stderr);
        Assert.Empty(_proxy.Requests());
    }

    [Fact]
    public async Task Download_LocalPathReplacement_IsFirstPartySource()
    {
        var ws = Corpus.CopyWorkspace("small", Path.Combine(_temp.Path, "small"));
        Directory.CreateDirectory(Path.Combine(ws, "third_party", "lib"));
        File.WriteAllText(Path.Combine(ws, "third_party", "lib", "go.mod"), "module example.com/lib\n\ngo 1.21\n");
        File.AppendAllText(Path.Combine(ws, "go.mod"), "\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ./third_party/lib\n");

        var run = await _kiln.RunAsync(ws, "mod", "download");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain(_proxy.Requests(), r => r.Contains("example.com/lib", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Download_FileEditedInsideAStoredModule_IsDetectedAndFetchedAgain()
    {
        var ws = Corpus.CopyWorkspace("small", Path.Combine(_temp.Path, "small"));
        Assert.Equal(0, (await _kiln.RunAsync(ws, "mod", "download")).ExitCode);
        var pflagZip = Directory.EnumerateFiles(Path.Combine(Corpus.ProxyDir, "github.com", "spf13", "pflag", "@v"), "*.zip").Single();
        byte[] content;
        using (var zip = ZipFile.OpenRead(pflagZip))
        {
            var entry = zip.Entries.First(e => e.FullName.EndsWith("/flag.go", StringComparison.Ordinal));
            using var s = entry.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            content = ms.ToArray();
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var blob = Path.Combine(_temp.Path, "store", "cas", hash[..2], hash);
        Assert.True(File.Exists(blob), "the module file should be in the store");
        File.SetUnixFileMode(blob, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.AppendAllText(blob, "\n// edited by hand\n");
        _proxy.ClearLog();

        var run = await _kiln.RunAsync(ws, "mod", "download");

        Assert.True(run.ExitCode == 0, run.ToString());
        var zips = _proxy.ZipRequests();
        Assert.Single(zips);
        Assert.Contains("/github.com/spf13/pflag/@v/", zips[0], StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllBytes(blob));
    }

    public void Dispose()
    {
        GoTool.MakeDeletable(Path.Combine(_temp.Path, "oracle"));
        _proxy.Dispose();
        _temp.Dispose();
    }
}
