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
        var ws = System.IO.Path.Combine(fixture.Path, "test-variants");                                // Given
        WorkspaceFiles.Write(ws, "go.mod", "module example.com/tv\n\ngo 1.22\n");
        WorkspaceFiles.Write(ws, "base/base.go", "package base\n\nfunc One() int { return 1 }\n");     // no test files
        WorkspaceFiles.Write(ws, "mid/mid.go", "package mid\n\nimport \"example.com/tv/base\"\n\nfunc Two() int { return base.One() * 2 }\n");
        WorkspaceFiles.Write(ws, "mid/mid_x_test.go",                                                  // an external test only
            "package mid_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/tv/base\"\n\t\"example.com/tv/mid\"\n)\n\nfunc TestTwo(t *testing.T) {\n\tif mid.Two() != 2*base.One() {\n\t\tt.Fatal()\n\t}\n}\n");
        WorkspaceFiles.Write(ws, "top/top.go", "package top\n\nimport \"example.com/tv/mid\"\n\nfunc Four() int { return mid.Two() * 2 }\n");
        WorkspaceFiles.Write(ws, "top/top_test.go",                                                    // internal tests: a variant of top
            "package top\n\nimport \"testing\"\n\nfunc TestFour(t *testing.T) {\n\tif Four() != 4 {\n\t\tt.Fatal()\n\t}\n}\n");
        var profile = System.IO.Path.Combine(fixture.Path, "test-variants.json");

        var run = await fixture.Kiln.RunAsync(ws, "test", "./...", "--allow-download", "--profile", profile);  // When

        Assert.True(run.ExitCode == 0, run.ToString());                                                  // Then
        using var trace = JsonDocument.Parse(File.ReadAllText(profile));
        var events = trace.RootElement.ValueKind == JsonValueKind.Array ? trace.RootElement : trace.RootElement.GetProperty("traceEvents");
        var compiles = events.EnumerateArray()
            .Where(e => e.GetProperty("ph").GetString() == "X" && e.GetProperty("name").GetString()!.StartsWith("compile example.com/tv/", StringComparison.Ordinal))
            .GroupBy(e => e.GetProperty("name").GetString()![("compile example.com/tv/".Length)..])
            .ToDictionary(g => g.Key, g => g.Count());
        // each once, as go test compiles them: base and mid as themselves (mid_test is mid's external test package),
        // top only as "top [top.test]" (nothing else imports top); before, base and mid were compiled a second time
        Assert.Equal("base 1, mid 1, mid_test 1, top 1", string.Join(", ", compiles.Where(c => !c.Key.EndsWith(".test", StringComparison.Ordinal))
            .OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}")));
    }
}
