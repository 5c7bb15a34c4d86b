using System.Text.Json;

namespace Kiln.E2E.Tests;

/// Which packages a test compiles again (load.TestPackagesFor): p itself only when it has internal test files or is a
/// main package, and then what imports it inside the test; a package without test files is vetted and its dependents'
/// tests are built with its ordinary compile.
public sealed partial class TestCommandTests
{
    [Fact]
    public async Task Test_PackagesWithoutInternalTests_AreCompiledOnce_AsGoTestCompilesThem()
    {
        var ws = WriteVariantsWorkspace("test-variants");                                             // Given
        var profile = System.IO.Path.Combine(fixture.Path, "test-variants.json");

        var run = await fixture.Kiln.RunAsync(ws, "test", "./...", "--allow-download", "--profile", profile);  // When

        Assert.True(run.ExitCode == 0, run.ToString());                                                  // Then
        // each once, as go test compiles them: base and mid as themselves (mid_test is mid's external test package),
        // top only as "top [top.test]" (nothing else imports top); before, base and mid were compiled a second time
        Assert.Equal("compile base 1, compile mid 1, compile mid_test 1, compile top 1",
            Describe(SliceCounts(profile, "compile ").Where(c => !c.Key.EndsWith(".test", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Test_ARootThatIsItsOwnTestUnit_IsVettedOnce_ItsFullVetGivingItsImportersTheirFacts()
    {
        var ws = WriteVariantsWorkspace("test-vets");                                                  // Given
        var all = System.IO.Path.Combine(fixture.Path, "test-vets-all.json");
        var topOnly = System.IO.Path.Combine(fixture.Path, "test-vets-top.json");

        var run = await fixture.Kiln.RunAsync(ws, "test", "./...", "--allow-download", "--profile", all);  // When
        var again = await fixture.Kiln.RunAsync(ws, "test", "./top", "--profile", topOnly);

        Assert.True(run.ExitCode == 0, run.ToString());                                                  // Then
        Assert.True(again.ExitCode == 0, again.ToString());
        // go's one vet action per package (work/action.go): base and mid are tested as themselves, so their full vet
        // is the one that writes the facts mid and top read; top's variant is vetted in full, mid_test too
        Assert.Equal("vet base 1, vet mid 1, vet mid_test 1, vet top 1", Describe(SliceCounts(all, "vet ")));
        // testing top alone, base and mid are only dependencies: vetted for their facts (VetxOnly), as go does
        Assert.Equal("vet facts base 1, vet facts mid 1, vet top 1", Describe(SliceCounts(topOnly, "vet ")));
    }

    private static string Describe(IEnumerable<KeyValuePair<string, int>> counts) =>
        string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));

    /// base (no test files) ← mid (an external test only) ← top (internal tests).
    private string WriteVariantsWorkspace(string name)
    {
        var ws = System.IO.Path.Combine(fixture.Path, name);
        WorkspaceFiles.Write(ws, "go.mod", "module example.com/tv\n\ngo 1.22\n");
        WorkspaceFiles.Write(ws, "base/base.go", "package base\n\nfunc One() int { return 1 }\n");
        WorkspaceFiles.Write(ws, "mid/mid.go", "package mid\n\nimport \"example.com/tv/base\"\n\nfunc Two() int { return base.One() * 2 }\n");
        WorkspaceFiles.Write(ws, "mid/mid_x_test.go",
            "package mid_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/tv/base\"\n\t\"example.com/tv/mid\"\n)\n\nfunc TestTwo(t *testing.T) {\n\tif mid.Two() != 2*base.One() {\n\t\tt.Fatal()\n\t}\n}\n");
        WorkspaceFiles.Write(ws, "top/top.go", "package top\n\nimport \"example.com/tv/mid\"\n\nfunc Four() int { return mid.Two() * 2 }\n");
        WorkspaceFiles.Write(ws, "top/top_test.go",
            "package top\n\nimport \"testing\"\n\nfunc TestFour(t *testing.T) {\n\tif Four() != 4 {\n\t\tt.Fatal()\n\t}\n}\n");
        return ws;
    }

    /// How many action slices of the profile start with `prefix` and name a package of the workspace, by name (the
    /// module path left out).
    private static SortedDictionary<string, int> SliceCounts(string profile, string prefix)
    {
        using var trace = JsonDocument.Parse(File.ReadAllText(profile));
        var events = trace.RootElement.ValueKind == JsonValueKind.Array ? trace.RootElement : trace.RootElement.GetProperty("traceEvents");
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in events.EnumerateArray().Where(e => e.GetProperty("ph").GetString() == "X"))
        {
            var name = e.GetProperty("name").GetString()!;
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.Contains("example.com/tv/", StringComparison.Ordinal)) continue;
            var key = name.Replace("example.com/tv/", "", StringComparison.Ordinal);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }
}
