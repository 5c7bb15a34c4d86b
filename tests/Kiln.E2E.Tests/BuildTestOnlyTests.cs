namespace Kiln.E2E.Tests;

/// A package with only test files: left out of `./...` as go build leaves it out (omitTestOnly), refused with go's
/// message when named on the command line.
public sealed partial class BuildTests
{
    [Fact]
    public async Task Build_TestOnlyPackage_SkippedByWildcardRefusedByName_AsGoBuild()
    {
        var ws = System.IO.Path.Combine(fixture.Path, "test-only");                                          // Given
        WorkspaceFiles.Write(ws, "go.mod", "module example.com/testonly\n\ngo 1.22\n");
        WorkspaceFiles.Write(ws, "lib/lib.go", "package lib\n\nfunc One() int { return 1 }\n");
        WorkspaceFiles.Write(ws, "bench/bench_test.go", "package bench\n\nimport \"testing\"\n\nfunc BenchmarkNothing(b *testing.B) {}\n");
        var (goAll, _, _) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "build", "./...");
        var (goNamed, _, goErr) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "build", "./bench");

        var all = await fixture.Kiln.RunAsync(ws, "build", "./...", "--allow-download");                      // When
        var named = await fixture.Kiln.RunAsync(ws, "build", "./bench");

        Assert.Equal(0, goAll);                                                                                // Then
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.NotEqual(0, goNamed);
        Assert.Contains("no non-test Go files in " + System.IO.Path.Combine(ws, "bench"), goErr);
        Assert.NotEqual(0, named.ExitCode);
        Assert.Contains("no non-test Go files in " + System.IO.Path.Combine(ws, "bench"), named.Stderr);
    }
}
