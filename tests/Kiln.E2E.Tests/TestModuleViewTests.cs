namespace Kiln.E2E.Tests;

/// A test sees its module as go test shows it (go runs a test in place): a parent directory's testdata, read by a
/// relative path and walked, the module's go.mod found by walking up from the working directory, and the go
/// command run on a sibling package. What the test read outside its package keys its cached result: a change to
/// the parent's testdata re-runs it, as go test re-runs it.
public sealed class TestModuleViewTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    private const string Package = "example.com/view/a/pkg";

    [Fact]
    public async Task Test_ReadsItsModuleAroundThePackage_AsGoTestDoes_AndIsKeyedOnWhatItRead()
    {
        var ws = System.IO.Path.Combine(fixture.Path, "view");                                     // Given
        Write(ws, "go.mod", "module example.com/view\n\ngo 1.22\n");
        Write(ws, "a/testdata/golden.txt", "good\n");
        Write(ws, "a/testdata/more/extra.txt", "extra\n");
        Write(ws, "a/other/other.go", "package other\n\nfunc Answer() int { return 42 }\n");
        Write(ws, "a/pkg/pkg.go", "package pkg\n");
        Write(ws, "a/pkg/pkg_test.go", """
            package pkg

            import (
            	"io/fs"
            	"os"
            	"os/exec"
            	"path/filepath"
            	"testing"
            )

            func TestParentTestdata(t *testing.T) {
            	b, err := os.ReadFile("../testdata/golden.txt")
            	if err != nil || string(b) != "good\n" {
            		t.Fatalf("golden.txt: %q %v", b, err)
            	}
            	var files []string
            	err = filepath.WalkDir("../testdata", func(path string, d fs.DirEntry, err error) error {
            		if err == nil && !d.IsDir() {
            			files = append(files, filepath.ToSlash(path))
            		}
            		return err
            	})
            	if err != nil || len(files) != 2 {
            		t.Fatalf("walked %v, %v", files, err)
            	}
            }

            func TestModuleRoot(t *testing.T) {
            	dir, _ := os.Getwd()
            	for {
            		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
            			break
            		}
            		if dir == filepath.Dir(dir) {
            			t.Fatal("no go.mod above the test's directory")
            		}
            		dir = filepath.Dir(dir)
            	}
            	if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err != nil || string(b[:23]) != "module example.com/view" {
            		t.Fatalf("go.mod: %q %v", b, err)
            	}
            }

            func TestGoBuildOfASibling(t *testing.T) {
            	out, err := exec.Command("go", "build", "-o", os.DevNull, "example.com/view/a/other").CombinedOutput()
            	if err != nil {
            		t.Fatalf("go build: %v\n%s", err, out)
            	}
            }
            """);

        async Task<(string Kiln, string Go)> Verdicts()
        {
            var kiln = await fixture.Kiln.RunAsync(ws, "test", "./...", "--allow-download");
            var (_, goOut, _) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "test", "./...");
            var verdict = TestVerdicts.Parse(kiln.Stdout).GetValueOrDefault(Package, "missing:\n" + kiln.Stdout + kiln.Stderr);
            return (verdict + " " + TestVerdicts.Times(kiln.Stdout).GetValueOrDefault(Package), TestVerdicts.Parse(goOut)[Package]);
        }

        var first = await Verdicts();                                                                // When
        var second = await Verdicts();
        var settled = await Verdicts();
        Write(ws, "a/testdata/golden.txt", "bad!\n");                                                 // the same size
        var changed = await Verdicts();
        Write(ws, "a/testdata/golden.txt", "good\n");
        var back = await Verdicts();

        Assert.Equal("ok", first.Go);                                                                // Then
        Assert.StartsWith("ok ", first.Kiln, StringComparison.Ordinal);
        Assert.StartsWith("ok", second.Kiln, StringComparison.Ordinal);
        Assert.Equal("ok (cached)", settled.Kiln);                                                  // keyed on what it read
        Assert.Equal("FAIL", changed.Go);
        Assert.StartsWith("FAIL", changed.Kiln, StringComparison.Ordinal);
        Assert.Equal("ok", back.Go);
        Assert.StartsWith("ok", back.Kiln, StringComparison.Ordinal);
    }

    private static void Write(string root, string rel, string content) => WorkspaceFiles.Write(root, rel, content);
}
