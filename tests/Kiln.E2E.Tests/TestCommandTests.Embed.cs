namespace Kiln.E2E.Tests;

/// `//go:embed` in test files, which go list resolves only with -test: the test binary embeds what go test's does
/// (a directory without its `.` and `_` files, `all:` with them), and an edit of an embedded file is seen.
public sealed partial class TestCommandTests
{
    private const string EmbedTest = """
        package PACKAGE

        import (
        	"embed"
        	"io/fs"
        	"os"
        	"strings"
        	"testing"
        )

        //go:embed fixtures
        var plain embed.FS

        //go:embed all:fixtures
        var everything embed.FS

        func names(t *testing.T, f embed.FS) string {
        	var found []string
        	fs.WalkDir(f, ".", func(p string, d fs.DirEntry, err error) error {
        		if err != nil {
        			t.Fatal(err)
        		}
        		if !d.IsDir() {
        			found = append(found, p)
        		}
        		return nil
        	})
        	return strings.Join(found, ",")
        }

        func TestEmbedded(t *testing.T) {
        	want, _ := os.ReadFile("want.txt")
        	greeting, _ := plain.ReadFile("fixtures/greeting.txt")
        	if got := names(t, plain) + "|" + names(t, everything) + "|" + string(greeting); got != strings.TrimSpace(string(want)) {
        		t.Fatalf("got %q, want %q", got, want)
        	}
        }
        """;

    [Fact]
    public async Task Test_EmbedInTestFiles_SameFilesAsGoTestAndEditsSeen()
    {
        var ws = System.IO.Path.Combine(fixture.Path, "test-embed");                                          // Given
        WorkspaceFiles.Write(ws, "go.mod", "module example.com/embedtest\n\ngo 1.22\n");
        WorkspaceFiles.Write(ws, "p/p.go", "package p\n");
        WorkspaceFiles.Write(ws, "p/p_test.go", EmbedTest.Replace("PACKAGE", "p", StringComparison.Ordinal));
        WorkspaceFiles.Write(ws, "x/x.go", "package x\n");
        WorkspaceFiles.Write(ws, "x/x_test.go", EmbedTest.Replace("PACKAGE", "x_test", StringComparison.Ordinal));
        foreach (var dir in new[] { "p", "x" })
        {
            WorkspaceFiles.Write(ws, $"{dir}/fixtures/greeting.txt", "hello");
            WorkspaceFiles.Write(ws, $"{dir}/fixtures/sub/.hidden", "h");
            WorkspaceFiles.Write(ws, $"{dir}/fixtures/_skip.txt", "s");
            WorkspaceFiles.Write(ws, $"{dir}/want.txt",
                "fixtures/greeting.txt|fixtures/_skip.txt,fixtures/greeting.txt,fixtures/sub/.hidden|hello\n");
        }
        var (goExit, goOut, _) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "test", "./...");

        var run = await fixture.Kiln.RunAsync(ws, "test", "./...", "--allow-download");                        // When
        WorkspaceFiles.Write(ws, "p/fixtures/greeting.txt", "bye");                                            // an embedded file edited
        var edited = await fixture.Kiln.RunAsync(ws, "test", "./p");

        Assert.True(goExit == 0, goOut);                                                                       // Then
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(TestVerdicts.Parse(goOut), TestVerdicts.Parse(run.Stdout));
        Assert.True(edited.ExitCode == 1, edited.ToString());
        Assert.Contains("|bye", edited.Stdout);
    }
}
