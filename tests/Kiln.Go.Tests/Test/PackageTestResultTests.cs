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
    public void Render_BuildFailedSetupFailedAndNoTestFiles_LikeGoTest()
    {
        Assert.Equal("# p\nerr\nFAIL\tp [build failed]\n", new PackageTestResult("p", TestVerdict.BuildFailed, "# p\nerr\n", TimeSpan.Zero, false).Render(false));
        Assert.Equal("# p\nerr\nFAIL\tp [setup failed]\n", new PackageTestResult("p", TestVerdict.SetupFailed, "# p\nerr\n", TimeSpan.Zero, false).Render(false));
        Assert.Equal("?   \tp\t[no test files]\n", new PackageTestResult("p", TestVerdict.NoTestFiles, "", TimeSpan.Zero, false).Render(true));
    }

    [Fact]
    public void Render_Cover_OkLineCarriesTheCoverageTextAndNoTestFilesPrintsCovdatasLine()
    {
        var output = "PASS\ncoverage: 40.0% of statements in ./...\n";
        Assert.Equal("ok  \tp\t(cached)\tcoverage: 40.0% of statements in ./...\n",
            new PackageTestResult("p", TestVerdict.Ok, output, TimeSpan.Zero, Cached: true) { Cover = true }.Render(false));
        Assert.Equal("ok  \tp\t(cached)\n", new PackageTestResult("p", TestVerdict.Ok, output, TimeSpan.Zero, Cached: true).Render(false));
        Assert.Equal("\tp\t\tcoverage: 0.0% of statements\n",
            new PackageTestResult("p", TestVerdict.NoTestFiles, "\tp\t\tcoverage: 0.0% of statements\n", TimeSpan.Zero, false) { Cover = true }.Render(false));
    }

    [Fact]
    public void CoverProfile_Merge_ModeOnceThenEveryProfilesBlocks()
    {
        static PackageTestResult R(string ip, string? profile) =>
            new(ip, TestVerdict.Ok, "", TimeSpan.Zero, false) { CoverProfile = profile is null ? null : System.Text.Encoding.UTF8.GetBytes(profile) };
        var errors = new StringWriter();

        var merged = CoverProfile.Merge("set", [R("a", "mode: set\na/a.go:3.1,4.2 1 1\n"), R("n", null), R("b", "mode: set\nb/b.go:1.1,1.9 1 0\n"), R("x", "mode: count\nx 1 1\n")], errors);

        Assert.Equal("mode: set\na/a.go:3.1,4.2 1 1\nb/b.go:1.1,1.9 1 0\n", System.Text.Encoding.UTF8.GetString(merged));
        Assert.Equal("error: test wrote malformed coverage profile for x.\n", errors.ToString());
    }
}
