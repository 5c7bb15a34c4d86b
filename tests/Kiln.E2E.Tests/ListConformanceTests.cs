using System.Text.Json;

namespace Kiln.E2E.Tests;

/// Kiln's package metadata equals the go command's, field by field, for every package of
/// `go list -deps -test ./...` of each corpus workspace, under several build configurations.
public sealed class ListConformanceTests(ListFixture fixture) : IClassFixture<ListFixture>
{
    private static readonly string[] ListFields =
    [
        "GoFiles", "CgoFiles", "CFiles", "HFiles", "SFiles", "SysoFiles", "EmbedPatterns", "EmbedFiles", "Imports",
        "TestGoFiles", "XTestGoFiles", "TestImports", "XTestImports",
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var ws in new[] { "small", "medium", "large" })
        {
            foreach (var config in new[] { "default", "windows-arm64", "cgo0", "tags" }) data.Add(ws, config);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task List_DepsTest_EqualsGoList(string workspace, string config)
    {
        var ws = Corpus.CopyWorkspace(workspace, Path.Combine(fixture.Path, $"{workspace}-{config}"));
        var (env, flags, tags) = config switch
        {
            "windows-arm64" => (new Dictionary<string, string> { ["GOOS"] = "windows", ["GOARCH"] = "arm64" }, new[] { "--goos", "windows", "--goarch", "arm64" }, (string?)null),
            "cgo0" => (new Dictionary<string, string> { ["CGO_ENABLED"] = "0" }, ["--cgo", "0"], null),
            "tags" => (new Dictionary<string, string>(), ["--tags", "netgo,purego,kilntest"], "netgo,purego,kilntest"),
            _ => (new Dictionary<string, string>(), Array.Empty<string>(), null),
        };

        var expected = (await GoListOracle.ListAsync(fixture, ws, env, tags))
            .Where(p => !Str(p, "ImportPath").Contains(' ', StringComparison.Ordinal) && !Str(p, "ImportPath").EndsWith(".test", StringComparison.Ordinal))
            .ToList();
        var run = await fixture.Kiln.RunAsync(ws, ["list", "--allow-download", "--deps", "--test", "--json", .. flags, "./..."]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var actual = GoListOracle.Parse(run.Stdout).ToDictionary(p => Str(p, "ImportPath"), StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var want in expected)
        {
            var path = Str(want, "ImportPath");
            if (!actual.TryGetValue(path, out var got))
            {
                problems.Add($"{path}: missing from kiln list");
                continue;
            }
            if (Str(want, "Name") != Str(got, "Name")) problems.Add($"{path}: Name {Str(got, "Name")} != {Str(want, "Name")}");
            foreach (var field in new[] { "Path", "Version" })
            {
                var w = want.TryGetProperty("Module", out var wm) ? Str(wm, field) : "";
                var g = got.TryGetProperty("Module", out var gm) ? Str(gm, field) : "";
                if (w != g) problems.Add($"{path}: Module.{field} {g} != {w}");
            }
            foreach (var field in ListFields)
            {
                var w = List(want, field);
                var g = List(got, field);
                if (!w.SequenceEqual(g)) problems.Add($"{path}: {field} [{string.Join(' ', g)}] != [{string.Join(' ', w)}]");
            }
        }
        var extra = actual.Keys.Except(expected.Select(p => Str(p, "ImportPath"))).ToList();
        foreach (var path in extra) problems.Add($"{path}: listed by kiln, not by go");
        Assert.True(problems.Count == 0, $"{problems.Count} differences from go list ({expected.Count} packages):\n" + string.Join('\n', problems.Take(40)));
    }

    private static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static List<string> List(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
}
