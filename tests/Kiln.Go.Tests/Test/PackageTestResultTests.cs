using Kiln.Go.Test;

namespace Kiln.Go.Tests.Test;

public sealed class PackageTestResultTests
{
    [Fact]
    public void Render_Pass_OnlyTheOkLineUnlessVerbose()
    {
        var r = new PackageTestResult("example.com/p", TestVerdict.Ok, "=== RUN   TestX\nPASS\n", TimeSpan.FromMilliseconds(12), Cached: false);

        Assert.Equal("ok  \texample.com/p\t0.012s\n", r.Render(showPassingOutput: false));
        Assert.Equal("=== RUN   TestX\nPASS\nok  \texample.com/p\t0.012s\n", r.Render(showPassingOutput: true));
    }

    [Fact]
    public void Render_Cached_SaysCached() =>
        Assert.Equal("ok  \tp\t(cached)\n", new PackageTestResult("p", TestVerdict.Ok, "", TimeSpan.Zero, Cached: true).Render(false));

    [Fact]
    public void Render_Fail_OutputThenFailLineWithNewlineEnsured() =>
        Assert.Equal("--- FAIL: TestX (0.00s)\nFAIL\nFAIL\tp\t1.500s\n",
            new PackageTestResult("p", TestVerdict.Fail, "--- FAIL: TestX (0.00s)\nFAIL", TimeSpan.FromSeconds(1.5), Cached: false).Render(false));

    [Fact]
    public void Render_BuildFailedAndNoTestFiles_LikeGoTest()
    {
        Assert.Equal("# p\nerr\nFAIL\tp [build failed]\n", new PackageTestResult("p", TestVerdict.BuildFailed, "# p\nerr\n", TimeSpan.Zero, false).Render(false));
        Assert.Equal("?   \tp\t[no test files]\n", new PackageTestResult("p", TestVerdict.NoTestFiles, "", TimeSpan.Zero, false).Render(true));
    }
}
