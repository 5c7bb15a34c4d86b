namespace Kiln.E2E.Tests;

/// The test main lists what go test's parser finds, whatever the formatting: `-list` and the verdicts against go
/// test on a file with a test inside a block comment, one in a raw string, unformatted declarations, one-line
/// bodies and examples whose output needs go/ast's comment grouping.
public sealed partial class TestCommandTests
{
    private const string UnformattedTests = """
        package p

        import ("fmt"; "testing")

        type S struct{}

        /*
        func TestInBlockComment(t *testing.T) { t.Fatal("commented out") }
        */

        var s = `
        func TestInRawString(t *testing.T) {}
        `

        var r = '{'

        func   TestSpaced (t *testing.T)   { if true { _ = "}" } }
          func TestIndented(t *testing.T) {
            }
        func TestAfter(t *testing.T) { _ = struct{ a int }{1} }

        func ExampleOneLine() { fmt.Println("a") /* Output: a */ }

        func ExampleBlankLines() {
        	fmt.Println("a\n\nb")
        	// Output:
        	// a
        	//
        	//
        	// b
        }

        func ExampleTrailing() {
        	fmt.Println("x") // not the output
        	// Output: x
        }

        func (s *S) TestMethod(t *testing.T) {}

        func Generic[T any](t *testing.T) {}
        """;

    [Fact]
    public async Task Test_UnformattedTestFile_SameListAndVerdictsAsGoTest()
    {
        var ws = System.IO.Path.Combine(fixture.Path, "test-parser");                                         // Given
        WorkspaceFiles.Write(ws, "go.mod", "module example.com/parser\n\ngo 1.22\n");
        WorkspaceFiles.Write(ws, "p/p_test.go", UnformattedTests);
        var (_, goList, _) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "test", "-list", ".", "./p");
        var (goExit, goOut, _) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "test", "-v", "./p");

        var list = await fixture.Kiln.RunAsync(ws, "test", "-list", ".", "./p", "--allow-download");            // When
        var run = await fixture.Kiln.RunAsync(ws, "test", "-v", "./p");

        static List<string> Names(string output) => [.. output.Split('\n').Where(l => l.StartsWith("Test", StringComparison.Ordinal) || l.StartsWith("Example", StringComparison.Ordinal))];
        Assert.Equal(["TestSpaced", "TestIndented", "TestAfter", "ExampleOneLine", "ExampleBlankLines", "ExampleTrailing"], Names(goList)); // Then
        Assert.Equal(Names(goList), Names(list.Stdout));
        Assert.Equal(0, goExit);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(TestVerdicts.Parse(goOut), TestVerdicts.Parse(run.Stdout));
    }
}
