using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kiln.E2E.Tests;

/// `kiln packages-driver` as go/packages' GOPACKAGESDRIVER, driven by real clients (x/tools' gopackages,
/// Debian's gopls) and compared with the go command's own driver (GOPACKAGESDRIVER=off) on the same workspace.
public sealed partial class PackagesDriverTests(DriverFixture fixture) : IClassFixture<DriverFixture>
{
    [Theory]
    [InlineData("small")]
    [InlineData("large")]
    public async Task GoPackages_DepsAndTests_SamePackagesFilesImportsAndErrorsAsTheGoDriver(string workspace)
    {
        var ws = await WorkspaceAsync(workspace);
        var gopackages = await fixture.GoPackagesAsync();

        var go = await ClientAsync(ws, gopackages, "off", "-json", "-deps", "-test", "./...");
        var kiln = await ClientAsync(ws, gopackages, fixture.DriverScript, "-json", "-deps", "-test", "./...");

        var expected = Packages(go);
        var actual = Packages(kiln);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        Assert.Contains($"corpus.example/{workspace}/internal/config [corpus.example/{workspace}/internal/config.test]", actual.Keys);
        if (workspace == "large") Assert.Contains("os/user", actual.Keys); // a cgo package: its CompiledGoFiles are cgo's output
        var generated = 0;
        foreach (var (id, fields) in expected)
        {
            Assert.Equal(fields.Keys.Order(StringComparer.Ordinal), actual[id].Keys.Order(StringComparer.Ordinal));
            foreach (var (field, value) in fields)
            {
                var kilnValue = actual[id][field];
                Assert.True(Normal(value) == Normal(kilnValue), $"{id} {field}:\n go:   {value}\n kiln: {kilnValue}");
                if (field is "GoFiles" or "CompiledGoFiles") generated += SameGeneratedFiles(id, value, kilnValue);
            }
        }
        Assert.True(generated > 0, "no generated file (test main, cgo output) was compared");
        Assert.Contains("./...", File.ReadAllText(fixture.DriverLog), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GoPackages_MissingImportAndSyntaxError_SameErrorPackagesAsTheGoDriver()
    {
        var ws = await WorkspaceAsync("small");
        Directory.CreateDirectory(Path.Combine(ws, "internal", "bad"));
        File.WriteAllText(Path.Combine(ws, "internal", "bad", "bad.go"), "package bad\n\nimport \"corpus.example/small/internal/nothere\"\n\nvar _ = nothere.X\n");
        Directory.CreateDirectory(Path.Combine(ws, "internal", "syn"));
        File.WriteAllText(Path.Combine(ws, "internal", "syn", "syn.go"), "package syn\n\nimport (\n\t\"fmt\"\n");
        var gopackages = await fixture.GoPackagesAsync();
        var dir = Path.Combine(ws, "internal"); // error positions are relative to the working directory

        // go's default -mod (an explicit -mod=readonly words the missing import as "import lookup disabled")
        var goEnv = new Dictionary<string, string>(fixture.GoEnv) { ["GOFLAGS"] = "-modcacherw", ["GOPACKAGESDRIVER"] = "off" };
        var go = Packages(await ChildProcess.RunAsync(dir, goEnv, gopackages, "-json", "-deps", "-test", "./..."));
        var kiln = Packages(await ClientAsync(dir, gopackages, fixture.DriverScript, "-json", "-deps", "-test", "./..."));
        var list = await fixture.Kiln.RunAsync(ws, "list", "./...");
        var listErrors = await fixture.Kiln.RunAsync(ws, "list", "-e", "--deps", "./...");

        Assert.Equal(go.Keys.Order(StringComparer.Ordinal), kiln.Keys.Order(StringComparer.Ordinal));
        foreach (var id in new[] { "corpus.example/small/internal/bad", "corpus.example/small/internal/nothere", "corpus.example/small/internal/syn" })
        {
            Assert.Equal(go[id].Keys.Order(StringComparer.Ordinal), kiln[id].Keys.Order(StringComparer.Ordinal));
            foreach (var (field, value) in go[id]) Assert.True(value == kiln[id][field], $"{id} {field}:\n go:   {value}\n kiln: {kiln[id][field]}");
        }
        Assert.Contains("\"Pos\": \"bad/bad.go:3:8\"", kiln["corpus.example/small/internal/nothere"]["Errors"], StringComparison.Ordinal);
        Assert.Contains("\"Pos\": \"syn/syn.go:4:8\"", kiln["corpus.example/small/internal/syn"]["Errors"], StringComparison.Ordinal);
        Assert.NotEqual(0, list.ExitCode); // go list without -e fails on both
        Assert.Contains("internal/bad/bad.go:3:8: no required module provides package corpus.example/small/internal/nothere", list.Stderr, StringComparison.Ordinal);
        Assert.Contains("internal/syn/syn.go:4:8: expected ')', found 'EOF'", list.Stderr, StringComparison.Ordinal);
        Assert.True(listErrors.ExitCode == 0, listErrors.ToString());
        Assert.Contains("corpus.example/small/internal/nothere", listErrors.Stdout.Split('\n'));
    }

    [Fact]
    public async Task GoPackages_PatternsMatchingNothing_ErrorPackagesBesideTheOthers()
    {
        var ws = await WorkspaceAsync("small");
        var gopackages = await fixture.GoPackagesAsync();
        string[] query = ["-json", "./nothere/...", "example.com/zzz", "./internal/stats"];

        var go = Packages(await ClientAsync(ws, gopackages, "off", query));
        var kiln = Packages(await ClientAsync(ws, gopackages, fixture.DriverScript, query));

        Assert.Equal(go.Keys.Order(StringComparer.Ordinal), kiln.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(go["corpus.example/small/internal/stats"], kiln["corpus.example/small/internal/stats"]);
        Assert.Contains("nothere does not exist", kiln["./nothere/..."]["Errors"], StringComparison.Ordinal);
        Assert.Contains("no required module provides", kiln["example.com/zzz"]["Errors"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GoPackages_TypesWithoutDeps_TypeChecksAgainstKilnsExportData()
    {
        var ws = await WorkspaceAsync("small");
        var gopackages = await fixture.GoPackagesAsync();

        var go = await ClientAsync(ws, gopackages, "off", "-mode=types", "./internal/render", "./cmd/wordstat");
        var kiln = await ClientAsync(ws, gopackages, fixture.DriverScript, "-mode=types", "./internal/render", "./cmd/wordstat");

        Assert.Contains("has complete exported type info", kiln, StringComparison.Ordinal);
        Assert.Contains("func Table(w io.Writer", kiln, StringComparison.Ordinal);
        Assert.Equal(go, kiln);
    }

    [Fact]
    public async Task Gopls_CheckFileWithTypeErrorMissingImportAndCleanFile_SameDiagnosticsAsTheGoDriver()
    {
        var ws = await WorkspaceAsync("small");
        var broken = Path.Combine(ws, "internal", "stats", "broken.go");
        File.WriteAllText(broken, "package stats\n\nvar answer int = \"forty-two\"\n");
        var clean = Path.Combine(ws, "internal", "config", "config.go");
        var missing = Path.Combine(Directory.CreateDirectory(Path.Combine(ws, "internal", "bad")).FullName, "bad.go");
        File.WriteAllText(missing, "package bad\n\nimport \"corpus.example/small/internal/nothere\"\n\nvar _ = nothere.X\n");
        File.WriteAllText(fixture.DriverLog, "");

        var goBroken = await GoplsCheckAsync(ws, "off", broken);
        var kilnBroken = await GoplsCheckAsync(ws, fixture.DriverScript, broken);
        var goClean = await GoplsCheckAsync(ws, "off", clean);
        var kilnClean = await GoplsCheckAsync(ws, fixture.DriverScript, clean);
        var goMissing = await GoplsCheckAsync(ws, "off", missing);
        var kilnMissing = await GoplsCheckAsync(ws, fixture.DriverScript, missing);

        Assert.Contains("broken.go:3:", kilnBroken, StringComparison.Ordinal);
        Assert.Contains("cannot use \"forty-two\"", kilnBroken, StringComparison.Ordinal);
        Assert.Equal(goBroken, kilnBroken);
        Assert.Equal("", kilnClean);
        Assert.Equal(goClean, kilnClean);
        Assert.Contains("bad.go:3:8-47: could not import corpus.example/small/internal/nothere", kilnMissing, StringComparison.Ordinal);
        Assert.Equal(goMissing, kilnMissing);
        Assert.Contains("builtin corpus.example/small/...", File.ReadAllText(fixture.DriverLog), StringComparison.Ordinal); // gopls asked Kiln
    }

    [Fact]
    public async Task Driver_OverlayAddsAnImportAndAFile_AnsweredFromTheBuffersThenFromDiskAgain()
    {
        var ws = await WorkspaceAsync("small");
        var stats = Path.Combine(ws, "internal", "stats", "stats.go");
        var added = Path.Combine(ws, "internal", "stats", "unsaved.go");
        var edited = File.ReadAllText(stats).Replace("package stats\n", "package stats\n\nimport _ \"net/url\"\n", StringComparison.Ordinal);
        var request = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["mode"] = 1 | 2 | 8, // NeedName | NeedFiles | NeedImports
            ["tests"] = false,
            ["overlay"] = new Dictionary<string, byte[]>
            {
                [stats] = Encoding.UTF8.GetBytes(edited),
                [added] = Encoding.UTF8.GetBytes("package stats\n\nimport _ \"hash/crc32\"\n"),
            },
        });

        var withOverlay = await fixture.Kiln.RunWithInputAsync(ws, request, "packages-driver", "--", "file=" + stats);
        var fromDisk = await fixture.Kiln.RunWithInputAsync(ws, "{\"mode\": 11}", "packages-driver", "--", "file=" + stats);

        Assert.True(withOverlay.ExitCode == 0, withOverlay.ToString());
        var overlaid = RootPackage(withOverlay.Stdout);
        Assert.Contains("net/url", Keys(overlaid.GetProperty("Imports")));
        Assert.Contains("hash/crc32", Keys(overlaid.GetProperty("Imports")));
        Assert.Contains(added, overlaid.GetProperty("GoFiles").EnumerateArray().Select(f => f.GetString()));
        Assert.True(fromDisk.ExitCode == 0, fromDisk.ToString());
        var disk = RootPackage(fromDisk.Stdout);
        Assert.DoesNotContain("net/url", Keys(disk.GetProperty("Imports")));
        Assert.DoesNotContain(added, disk.GetProperty("GoFiles").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task GoPackages_NoDriverSet_FindsKilnLinkedAsGopackagesdriverOnPath()
    {
        var ws = await WorkspaceAsync("small");
        var gopackages = await fixture.GoPackagesAsync();
        var bin = Directory.CreateDirectory(Path.Combine(fixture.Path, $"bin-{Guid.NewGuid():N}")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "gopackagesdriver"), KilnProcess.Executable);
        var env = new Dictionary<string, string>(fixture.GoEnv) { ["KILN_HOME"] = fixture.StoreRoot };
        env["PATH"] = $"{bin}:{env["PATH"]}";

        var viaLink = await ChildProcess.RunAsync(ws, env, gopackages, "-json", "-deps", "./internal/config");
        var viaGo = await ClientAsync(ws, gopackages, "off", "-json", "-deps", "./internal/config");

        Assert.Equal(Packages(viaGo).Keys.Order(StringComparer.Ordinal), Packages(viaLink).Keys.Order(StringComparer.Ordinal));
        Assert.Contains("gopackages/modules/", viaLink, StringComparison.Ordinal); // module files as Kiln shows them: Kiln answered
    }

    [Theory]
    [InlineData("{\"mode\": ", "the go/packages request on stdin is not valid JSON")]
    [InlineData("{\"mode\": 11, \"build_flags\": [\"-race\"]}", "-race")]
    public async Task Driver_BadRequest_ClearErrorAndNonZeroExit(string request, string message)
    {
        var ws = await WorkspaceAsync("small");

        var run = await fixture.Kiln.RunWithInputAsync(ws, request, "packages-driver", "--", "./...");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal); // no stack trace
        Assert.Equal("", run.Stdout);
    }

    private async Task<string> WorkspaceAsync(string name)
    {
        var ws = Corpus.CopyWorkspace(name, Path.Combine(fixture.Path, $"{name}-{Guid.NewGuid():N}"));
        var download = await fixture.Kiln.RunAsync(ws, "mod", "download");
        Assert.True(download.ExitCode == 0, download.ToString());
        return ws;
    }

    private Task<string> ClientAsync(string ws, string gopackages, string driver, params string[] args) =>
        ChildProcess.RunAsync(ws, new Dictionary<string, string>(fixture.GoEnv) { ["GOPACKAGESDRIVER"] = driver }, gopackages, args);

    /// `gopls check FILE`'s diagnostics (it prints them on stdout and exits 0 either way).
    private async Task<string> GoplsCheckAsync(string ws, string driver, string file)
    {
        var env = new Dictionary<string, string>(fixture.GoEnv) { ["GOPACKAGESDRIVER"] = driver };
        var (exitCode, stdout, stderr) = await ChildProcess.TryRunAsync(ws, env, "/usr/bin/gopls", "check", file);
        Assert.True(exitCode == 0, $"gopls check {file} with GOPACKAGESDRIVER={driver} (exit {exitCode}): {stderr}");
        return stdout;
    }

    /// gopackages -json's packages by ID, each field's JSON text; IgnoredFiles left out (go/packages v0.5.0 drops
    /// them from an external driver's answer).
    /// A field's value with what may differ between drivers replaced: where module files are unpacked (go's module
    /// cache, Kiln's store) and the names of generated files (a GOCACHE hash for go, a name in the store for Kiln).
    private static string Normal(string value) => GeneratedFile().Replace(ModuleFiles().Replace(value, "MOD/"), "GENERATED");

    /// Compares the generated files of a file list pairwise (go's test main differs from Kiln's in blank lines
    /// only; cgo's output is byte for byte the same); how many there were.
    private static int SameGeneratedFiles(string id, string go, string kiln)
    {
        var pairs = Files(go).Zip(Files(kiln)).Where(p => GeneratedFile().IsMatch(p.First)).ToList();
        foreach (var (goFile, kilnFile) in pairs)
            Assert.True(NonBlankLines(goFile).SequenceEqual(NonBlankLines(kilnFile)), $"{id}: {kilnFile} differs from go's {goFile}");
        return pairs.Count;
    }

    private static string[] Files(string jsonArray) => JsonSerializer.Deserialize<string[]>(jsonArray) ?? [];

    private static IEnumerable<string> NonBlankLines(string file) => File.ReadLines(file).Where(l => l.Length > 0);

    private static Dictionary<string, Dictionary<string, string>> Packages(string stream)
    {
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(stream), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using (var doc = JsonDocument.ParseValue(ref reader))
            {
                var p = doc.RootElement;
                var id = p.GetProperty("ID").GetString()!;
                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var field in p.EnumerateObject().Where(f => f.Name is not ("ID" or "IgnoredFiles")))
                {
                    fields[field.Name] = field.Value.GetRawText();
                }
                result[id] = fields;
            }
        }
        Assert.NotEmpty(result);
        return result;
    }

    private static JsonElement RootPackage(string response)
    {
        var root = JsonDocument.Parse(response).RootElement;
        var id = root.GetProperty("Roots")[0].GetString();
        return root.GetProperty("Packages").EnumerateArray().Single(p => p.GetProperty("ID").GetString() == id).Clone();
    }

    private static string[] Keys(JsonElement map) => [.. map.EnumerateObject().Select(p => p.Name)];

    [GeneratedRegex(@"[^""\[, ]*/(gomodcache|gopackages/modules/[0-9a-f]+)/")]
    private static partial Regex ModuleFiles();

    [GeneratedRegex(@"[^""\[, ]*/(gocache/[0-9a-f]{2}/[0-9a-f]+-d|gopackages/cgo/[0-9a-f]+/obj/[^""]+|gopackages/testmain/[0-9a-f]+/_testmain\.go)")]
    private static partial Regex GeneratedFile();
}
