namespace Kiln.E2E.Tests;

/// Undeclared reads never give a stale test result: a test that reads, by absolute path, a workspace file
/// outside its package directory is re-run when that file changes, as go test re-runs it (go keys a cached
/// result on the files its test log names); once the file is unchanged, the result is cached again.
public sealed class TestReadsTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    [Fact]
    public async Task Test_ReadsAWorkspaceFileByAbsolutePath_FollowsTheFileAsGoTestDoes()
    {
        var ws = System.IO.Path.Combine(fixture.Path, "reads");                                   // Given
        Directory.CreateDirectory(System.IO.Path.Combine(ws, "pkg"));
        var data = System.IO.Path.Combine(ws, "data.txt");
        File.WriteAllText(System.IO.Path.Combine(ws, "go.mod"), "module example.com/reads\n\ngo 1.22\n");
        File.WriteAllText(System.IO.Path.Combine(ws, "pkg", "pkg.go"), "package pkg\n");
        File.WriteAllText(System.IO.Path.Combine(ws, "pkg", "pkg_test.go"), $$"""
            package pkg

            import (
            	"os"
            	"testing"
            )

            func TestData(t *testing.T) {
            	b, err := os.ReadFile("{{data}}")
            	if err != nil || string(b) != "good\n" {
            		t.Fatalf("data.txt: %q %v", b, err)
            	}
            }
            """);
        File.WriteAllText(data, "good\n");

        async Task<(string Kiln, string Go)> Verdicts()
        {
            var kiln = await fixture.Kiln.RunAsync(ws, "test", "./...", "--allow-download");
            var (_, goOut, _) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "test", "./...");
            return (TestVerdicts.Parse(kiln.Stdout)["example.com/reads/pkg"] + " " + TestVerdicts.Times(kiln.Stdout).GetValueOrDefault("example.com/reads/pkg"),
                TestVerdicts.Parse(goOut)["example.com/reads/pkg"]);
        }

        var first = await Verdicts();                                                                // When
        var second = await Verdicts();
        var settled = await Verdicts();
        File.WriteAllText(data, "bad\n");                                                            // the same size: only the content differs
        var changed = await Verdicts();
        File.WriteAllText(data, "good\n");
        var back = await Verdicts();

        Assert.Equal("ok", first.Go);                                                                // Then
        Assert.StartsWith("ok ", first.Kiln, StringComparison.Ordinal);
        Assert.StartsWith("ok ", second.Kiln, StringComparison.Ordinal);
        Assert.Equal("ok (cached)", settled.Kiln);                                                  // keyed on data.txt from here on
        Assert.Equal("FAIL", changed.Go);
        Assert.StartsWith("FAIL", changed.Kiln, StringComparison.Ordinal);
        Assert.Equal("ok", back.Go);
        Assert.StartsWith("ok", back.Kiln, StringComparison.Ordinal);
    }
}
