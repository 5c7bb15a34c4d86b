using Kiln.Go.Test;

namespace Kiln.Go.Tests.Test;

public sealed class TestSourceScannerTests
{
    private const string Source = """
        package p_test

        import (
        	"fmt"
        	"testing"
        )

        func TestMain(m *testing.M) { m.Run() }

        func TestAdd(t *testing.T) {}

        func Testing(t *testing.T) {}

        func Test_under(t *testing.T) {}

        func (s suite) TestMethod(t *testing.T) {}

        func BenchmarkAdd(b *testing.B) {}

        func FuzzAdd(f *testing.F) {}

        func ExampleAdd() {
        	fmt.Println("a")
        	fmt.Println("b")
        	// Output:
        	// a
        	// b
        }

        func ExampleAdd_unordered() {
        	fmt.Println("x")
        	// Unordered output: x
        }

        func ExampleNoOutput() {
        	fmt.Println("not run")
        }

        func Example_emptyOutput() {
        	// Output:
        }
        """;

    [Fact]
    public void Load_XTestFile_FindsWhatLoadTestFuncsFinds()
    {
        var funcs = new TestFuncs();
        TestSourceScanner.Load(Source, "_xtest", funcs);

        Assert.Equal(new TestFunc("_xtest", "TestMain"), funcs.TestMain);
        Assert.Equal(["TestAdd", "Test_under"], funcs.Tests.Select(t => t.Name));      // not Testing, not methods
        Assert.Equal(["BenchmarkAdd"], funcs.Benchmarks.Select(t => t.Name));
        Assert.Equal(["FuzzAdd"], funcs.FuzzTargets.Select(t => t.Name));
        Assert.Equal(
            [new TestFunc("_xtest", "ExampleAdd", "a\nb\n"), new TestFunc("_xtest", "ExampleAdd_unordered", "x\n", Unordered: true),
                new TestFunc("_xtest", "Example_emptyOutput", "")],
            funcs.Examples);                                                                 // no output comment: not run
        Assert.True(funcs.NeedXtest);
        Assert.False(funcs.NeedTest);
    }

    [Fact]
    public void Load_FileWithoutTests_NeedsOnlyASideEffectImport()
    {
        var funcs = new TestFuncs();
        TestSourceScanner.Load("package p\n\nfunc helper() {}\n", "_test", funcs);

        Assert.False(funcs.NeedTest);
        Assert.Empty(funcs.Tests);
    }

    [Theory]
    [InlineData("Test", "Test", true)]
    [InlineData("TestX", "Test", true)]
    [InlineData("Test_x", "Test", true)]
    [InlineData("Testing", "Test", false)]
    [InlineData("Example", "Example", true)]
    public void IsTest_FollowsGoDoc(string name, string prefix, bool expected) =>
        Assert.Equal(expected, TestSourceScanner.IsTest(name, prefix));
}
