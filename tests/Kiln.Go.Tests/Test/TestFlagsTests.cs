using Kiln.Go.Test;

namespace Kiln.Go.Tests.Test;

public sealed class TestFlagsTests
{
    [Fact]
    public void BinaryArgs_Defaults_AreGoTestsOwn() =>
        Assert.Equal(["-test.paniconexit0", "-test.timeout=10m0s"], new TestFlags().BinaryArgs());

    [Fact]
    public void BinaryArgs_PassedFlagsAndArgs_InGoTestsOrder()
    {
        var flags = new TestFlags { Run = "TestX", Verbose = true, Short = true, Count = 1, Timeout = TimeSpan.FromSeconds(2), Args = ["-custom", "v"] };

        Assert.Equal(["-test.paniconexit0", "-test.timeout=2s", "-test.run=TestX", "-test.v=true", "-test.short=true", "-test.count=1", "-custom", "v"],
            flags.BinaryArgs());
    }

    [Fact]
    public void Cacheable_OnlyWithCacheableFlags()
    {
        Assert.True(new TestFlags { Run = "X", Verbose = true, Short = true, FailFast = true }.Cacheable);
        Assert.False(new TestFlags { Count = 1 }.Cacheable);
        Assert.False(new TestFlags { Bench = "." }.Cacheable);
        Assert.False(new TestFlags { Args = ["x"] }.Cacheable);
        Assert.False(new TestFlags { Force = true }.Cacheable);
        Assert.False(new TestFlags { Skip = "X" }.Cacheable);      // not in go test's cacheable list (test.go)
        Assert.False(new TestFlags { BenchMem = true }.Cacheable);
        Assert.True(new TestFlags { List = "." }.Cacheable);
    }

    [Theory]
    [InlineData("10m", 600)]
    [InlineData("1h30m", 5400)]
    [InlineData("90s", 90)]
    [InlineData("1.5s", 1.5)]
    [InlineData("0", 0)]
    public void ParseDuration_GoSyntax(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), TestFlags.ParseDuration(text));

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("5x")]
    public void ParseDuration_Invalid_IsNull(string text) => Assert.Null(TestFlags.ParseDuration(text));

    [Theory]
    [InlineData(600, "10m0s")]
    [InlineData(3600, "1h0m0s")]
    [InlineData(2, "2s")]
    [InlineData(61, "1m1s")]
    public void GoDuration_LikeTimeDurationString(double seconds, string expected) =>
        Assert.Equal(expected, TestFlags.GoDuration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void BinaryArgs_CoverProfile_CoverDirBeforeTimeoutProfileAfter() =>
        Assert.Equal(["-test.paniconexit0", "-test.gocoverdir={sandbox}/.kiln/cover", "-test.timeout=10m0s", "-test.coverprofile={sandbox}/.kiln/cover/profile.out"],
            new TestFlags { CoverMode = "set", CoverProfile = true }.BinaryArgs());
}
