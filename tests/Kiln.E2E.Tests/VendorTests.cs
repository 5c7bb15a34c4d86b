using System.Text.Json;

namespace Kiln.E2E.Tests;

/// A module with a vendor directory (`go mod vendor` of the small corpus workspace): the go command builds it
/// from vendor/ with no module cache and no proxy, and so must Kiln, with a store that holds no module at all.
/// Every command is compared with the go command run the same way (GOPROXY=off, an empty module cache).
public sealed class VendorTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    private const string Explicit = "github.com/fatih/color@v1.7.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt";

    /// Kiln on the class's store, which `kiln mod download` never filled, with no proxy to reach.
    private KilnProcess Kiln(string? goFlags = null) => new(fixture.StoreRoot, new Dictionary<string, string>
    {
        ["GOPROXY"] = "off",
        ["GOFLAGS"] = goFlags ?? "",
    });

    /// go as a user with only the repository runs it: vendor/ chosen by default, nothing in the module cache.
    private Dictionary<string, string> OfflineGo(string name) => new()
    {
        ["GOPROXY"] = "off",
        ["GOFLAGS"] = "",
        ["GOMODCACHE"] = Path.Combine(fixture.Path, "empty-modcache-" + name),
    };

    private async Task<string> VendoredWorkspace(string name)
    {
        var ws = Corpus.CopyWorkspace("small", Path.Combine(fixture.Path, name));
        await GoTool.RunAsync(ws, fixture.GoScratch, null, "mod", "vendor");
        Assert.True(File.Exists(Path.Combine(ws, "vendor", "modules.txt")));
        return ws;
    }

    [Fact]
    public async Task Vendor_BuildTestList_AsGoDoes_WithNoModuleStoreOrProxy()
    {
        var ws = await VendoredWorkspace("vendored");                                                // Given
        var env = OfflineGo("vendored");
        var goBin = Path.Combine(fixture.Path, "vendored-go-bin");
        await GoTool.RunAsync(ws, fixture.GoScratch, env, "build", "-trimpath", "-o", goBin + "/", "./...");
        var goTest = await GoTool.TryRunAsync(ws, fixture.GoScratch, env, "test", "./...");
        var goList = GoListOracle.Parse(await GoTool.RunAsync(ws, fixture.GoScratch, env, "list", "-deps", "-test", "-json", "./..."));

        var build = await Kiln().RunAsync(ws, "build", "./...");                                     // When
        var test = await Kiln().RunAsync(ws, "test", "./...");
        var list = await Kiln().RunAsync(ws, "list", "--deps", "--test", "--json", "./...");

        Assert.True(build.ExitCode == 0, build.ToString());                                          // Then
        var binary = Path.Combine(ws, "dist", "cmd", "wordstat", "wordstat");
        Assert.Equal(await ProgramOutput.RunAsync(Path.Combine(goBin, "wordstat"), "--help"), await ProgramOutput.RunAsync(binary, "--help"));
        Assert.Equal(await GoTool.RunAsync(ws, fixture.GoScratch, env, "version", "-m", Path.Combine(goBin, "wordstat")),
            (await GoTool.RunAsync(ws, fixture.GoScratch, env, "version", "-m", binary)).Replace(binary, Path.Combine(goBin, "wordstat"), StringComparison.Ordinal));
        Assert.Equal(0, goTest.ExitCode);
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Equal(TestVerdicts.Parse(goTest.Stdout), TestVerdicts.Parse(test.Stdout));
        Assert.True(list.ExitCode == 0, list.ToString());
        var kiln = GoListOracle.Parse(list.Stdout).ToDictionary(p => Str(p, "ImportPath"), StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var want in goList.Where(p => !Str(p, "ImportPath").Contains(' ', StringComparison.Ordinal) && !Str(p, "ImportPath").EndsWith(".test", StringComparison.Ordinal)))
        {
            var path = Str(want, "ImportPath");
            if (!kiln.TryGetValue(path, out var got))
            {
                problems.Add($"{path}: not listed by kiln");
                continue;
            }
            foreach (var field in new[] { "Path", "Version", "GoVersion" })
            {
                if (Module(want, field) != Module(got, field)) problems.Add($"{path}: Module.{field} {Module(got, field)} != {Module(want, field)}");
            }
            foreach (var field in new[] { "GoFiles", "Imports", "TestGoFiles", "XTestGoFiles" })
            {
                if (List(want, field) != List(got, field)) problems.Add($"{path}: {field} differ");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Contains(goList, p => Str(p, "Dir").StartsWith(Path.Combine(ws, "vendor") + "/", StringComparison.Ordinal));

        var color = Path.Combine(ws, "vendor", "github.com", "fatih", "color", "color.go");          // a vendored file's body edit
        File.AppendAllText(color, "\nfunc kilnVendorEdit() int { return 1 }\n");
        var again = await Kiln().RunAsync(ws, "build", "./...");
        Assert.True(again.ExitCode == 0, again.ToString());
        var rebuilt = again.Summary!.Value.GetProperty("build");
        Assert.InRange(rebuilt.GetProperty("compiles_executed").GetInt64(), 1, 3);                     // color and, its export data changed, its importers
        Assert.Equal(1, rebuilt.GetProperty("links_executed").GetInt64());
        var noop = await Kiln().RunAsync(ws, "build", "./...");
        Assert.Equal(0, noop.Summary!.Value.GetProperty("actions").GetProperty("executed").GetInt64());
    }

    [Fact]
    public async Task Vendor_ModulesTxtInconsistentWithGoMod_FailsWithGoDetail()
    {
        var ws = await VendoredWorkspace("inconsistent");                                           // Given: color no longer explicit
        var modulesTxt = Path.Combine(ws, "vendor", "modules.txt");
        File.WriteAllText(modulesTxt, File.ReadAllText(modulesTxt).Replace("# github.com/fatih/color v1.7.0\n## explicit\n",
            "# github.com/fatih/color v1.7.0\n", StringComparison.Ordinal));
        var go = await GoTool.TryRunAsync(ws, fixture.GoScratch, OfflineGo("inconsistent"), "build", "./...");

        var build = await Kiln().RunAsync(ws, "build", "./...");                                     // When

        Assert.Equal(1, go.ExitCode);                                                                // Then
        Assert.Contains(Explicit, go.Stderr, StringComparison.Ordinal);
        Assert.True(build.ExitCode == 2, build.ToString());
        Assert.Contains("inconsistent vendoring in " + ws, build.Stderr, StringComparison.Ordinal);
        Assert.Contains(Explicit, build.Stderr, StringComparison.Ordinal);
        Assert.Contains("go mod vendor", build.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vendor_PackageMissingFromVendor_NamesTheImportLikeGo_AndModModeIgnoresVendor()
    {
        var ws = await VendoredWorkspace("missing");                                                // Given
        Directory.Delete(Path.Combine(ws, "vendor", "github.com", "fatih", "color"), recursive: true);
        var go = await GoTool.TryRunAsync(ws, fixture.GoScratch, OfflineGo("missing"), "build", "./...");

        var build = await Kiln().RunAsync(ws, "build", "./...");                                     // When
        var modMode = await Kiln("-mod=mod").RunAsync(ws, "build", "./...");
        var badFlag = await Kiln("-mod=bogus").RunAsync(ws, "build", "./...");

        Assert.Equal(1, go.ExitCode);                                                                // Then
        var goLine = go.Stderr.Split('\n').First(l => l.Contains("github.com/fatih/color", StringComparison.Ordinal));
        Assert.Contains("import lookup disabled by -mod=vendor", goLine, StringComparison.Ordinal);
        Assert.True(build.ExitCode == 2, build.ToString());
        Assert.Contains(goLine, build.Stderr, StringComparison.Ordinal);
        Assert.True(modMode.ExitCode == 2, modMode.ToString());                                       // vendor/ ignored: modules needed
        Assert.Contains("kiln mod download", modMode.Stderr, StringComparison.Ordinal);
        Assert.True(badFlag.ExitCode == 2, badFlag.ToString());
        Assert.Contains("invalid -mod=bogus in GOFLAGS", badFlag.Stderr, StringComparison.Ordinal);
    }

    private static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static string Module(JsonElement e, string field) => e.TryGetProperty("Module", out var m) ? Str(m, field) : "";

    private static string List(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? string.Join(' ', v.EnumerateArray().Select(x => x.GetString())) : "";
}
