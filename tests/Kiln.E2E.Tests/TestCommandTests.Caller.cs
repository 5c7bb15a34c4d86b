namespace Kiln.E2E.Tests;

/// A test's own files record their directory on disk, as under go test (no -trimpath): assertion libraries
/// (quicktest, gotest.tools) read the calling line back from runtime.Caller's file to print the expression.
public sealed partial class TestCommandTests
{
    private const string CallerTest = """
        package PACKAGE

        import (
        	"os"
        	"runtime"
        	"strings"
        	"testing"
        )

        func TestReadsItsOwnLine(t *testing.T) {
        	_, file, line, _ := runtime.Caller(0)
        	src, err := os.ReadFile(file)
        	if err != nil {
        		t.Fatal(err)
        	}
        	if got := strings.Split(string(src), "\n")[line-1]; !strings.Contains(got, "runtime.Caller(0)") {
        		t.Fatalf("line %d of %s is %q", line, file, got)
        	}
        }
        """;

    [Fact]
    public async Task Test_RuntimeCallerFileOfATestFile_ReadableAsUnderGoTest()
    {
        var ws = System.IO.Path.Combine(fixture.Path, "test-caller");                                         // Given
        WorkspaceFiles.Write(ws, "go.mod", "module example.com/caller\n\ngo 1.22\n");
        WorkspaceFiles.Write(ws, "lib/lib.go", "package lib\n\nfunc One() int { return 1 }\n");
        WorkspaceFiles.Write(ws, "lib/internal_test.go", CallerTest.Replace("PACKAGE", "lib", StringComparison.Ordinal));
        WorkspaceFiles.Write(ws, "lib/external_test.go", CallerTest.Replace("PACKAGE", "lib_test", StringComparison.Ordinal)
            .Replace("TestReadsItsOwnLine", "TestExternalReadsItsOwnLine", StringComparison.Ordinal));
        var (goExit, goOut, _) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "test", "./...");

        var run = await fixture.Kiln.RunAsync(ws, "test", "./...", "--allow-download");                         // When

        Assert.True(goExit == 0, goOut);                                                                         // Then
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(TestVerdicts.Parse(goOut), TestVerdicts.Parse(run.Stdout));
    }
}
