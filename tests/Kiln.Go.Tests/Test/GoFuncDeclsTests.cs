using Kiln.Go.Test;

namespace Kiln.Go.Tests.Test;

/// Test functions as go/parser finds them whatever the source's formatting: not inside comments or strings, bodies
/// ending at their own brace, an example's output from its body's last comment group (go/ast's grouping and Text).
public sealed class GoFuncDeclsTests
{
    private const string Unformatted = """
        package p

        import ("fmt"; "testing")

        /*
        func TestInBlockComment(t *testing.T) {
        }
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
        	fmt.Println("a\n\n\nb")
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

        func ExampleNoOutput() {
        	fmt.Println("x")
        	// just a comment
        }

        func (s *S) TestMethod(t *testing.T) {}

        func Generic[T any](t *testing.T) {}
        """;

    [Fact]
    public void Load_UnformattedSource_FindsWhatGoParserFinds()
    {
        var funcs = new TestFuncs();

        TestSourceScanner.Load(Unformatted, "_test", funcs);

        Assert.Equal(["TestSpaced", "TestIndented", "TestAfter"], funcs.Tests.Select(t => t.Name));
        Assert.Equal(["ExampleOneLine", "ExampleBlankLines", "ExampleTrailing"], funcs.Examples.Select(e => e.Name));
        Assert.Equal("a\n", funcs.Examples[0].Output);
        Assert.Equal("a\n\nb\n", funcs.Examples[1].Output);                 // runs of blank lines become one, as CommentGroup.Text
        Assert.Equal("x\n", funcs.Examples[2].Output);                     // the line comment after code is a group of its own
    }

    [Fact]
    public void Scan_MethodsAndTypeParameters_Marked()
    {
        var decls = GoFuncDecls.Scan(Unformatted);

        Assert.True(decls.Single(d => d.Name == "TestMethod").Receiver);
        Assert.True(decls.Single(d => d.Name == "Generic").TypeParams);
        Assert.Equal("t *testing.T", decls.Single(d => d.Name == "TestSpaced").Params);
    }

    [Theory]
    [InlineData(new[] { "// a", "//", "// b" }, "a\n\nb\n")]
    [InlineData(new[] { "//go:generate x", "// Output: y" }, "Output: y\n")]
    [InlineData(new[] { "/*\n  x  \n*/" }, "  x\n")]
    public void GroupText_AsGoAstCommentGroupText(string[] comments, string text) =>
        Assert.Equal(text, GoFuncDecls.GroupText(comments));
}
