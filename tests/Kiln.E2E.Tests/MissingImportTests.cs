namespace Kiln.E2E.Tests;

/// An import nothing provides: a path whose first element has no dot can only be std's, and the go command
/// says so (`package fmt/nothere is not in std (GOROOT/src/fmt/nothere)`); only the others get `go get`.
public sealed class MissingImportTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    [Fact]
    public async Task Build_ImportNotInStd_SaysSoAsGoDoesAndSuggestsGoGetOnlyForModules()
    {
        var ws = System.IO.Path.Combine(fixture.Path, "missing-imports");                   // Given
        Directory.CreateDirectory(ws);
        File.WriteAllText(System.IO.Path.Combine(ws, "go.mod"), "module example.com/m\n\ngo 1.23\n");
        File.WriteAllText(System.IO.Path.Combine(ws, "main.go"),
            "package main\n\nimport _ \"fmt/nothere\"\nimport (\n\t\"nodot/pkg\"\n\tx \"example.com/nowhere/pkg\"\n)\n\nfunc main() { _ = pkg.X; _ = x.Y }\n");
        var go = await GoTool.TryRunAsync(ws, fixture.GoScratch, new Dictionary<string, string> { ["CGO_ENABLED"] = "0", ["GOFLAGS"] = "-mod=mod" }, "build", ".");

        var run = await fixture.Kiln.RunAsync(ws, "build", ".", "--cgo", "0", "--allow-download");   // When

        Assert.Equal(1, go.ExitCode);                                                      // Then
        var goLines = go.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("is not in std", StringComparison.Ordinal)).ToList();
        Assert.Equal(["main.go:3:8: package fmt/nothere is not in std (/usr/lib/go-1.23/src/fmt/nothere)",
            "main.go:5:2: package nodot/pkg is not in std (/usr/lib/go-1.23/src/nodot/pkg)"], goLines);
        Assert.True(run.ExitCode == 2, run.ToString());
        foreach (var line in goLines) Assert.Contains("import: " + line + "\n", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("import: main.go:6:2: example.com/nowhere/pkg\n", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("`go get example.com/nowhere/pkg`", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("go get fmt/nothere", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("nodot/pkg`", run.Stderr, StringComparison.Ordinal);
    }
}
