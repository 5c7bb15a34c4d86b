using Kiln.Core;
using Kiln.Go.Driver;

namespace Kiln.Go.Tests.Driver;

public sealed class DriverQueryTests
{
    [Fact]
    public void Parse_PatternsFileAndPatternQueries_SplitAsGoPackagesWritesThem()
    {
        var query = DriverQuery.Parse(["./...", "file=/ws/a/b.go", "pattern=example.com/x=y", "example.com/k=v/..."]);

        Assert.Equal(["./...", "example.com/x=y", "example.com/k=v/..."], query.Patterns);
        Assert.Equal(["/ws/a/b.go"], query.Files);
    }

    [Theory]
    [InlineData("name=foo")]
    [InlineData("export=x")]
    public void Parse_UndefinedQuery_UserErrorNamingIt(string word)
    {
        var e = Assert.Throws<KilnException>(() => DriverQuery.Parse([word]));

        Assert.Equal(ErrorKind.User, e.Kind);
        Assert.Contains(word, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("amd64", 8L, 8L)]
    [InlineData("arm64", 8L, 8L)]
    [InlineData("386", 4L, 4L)]
    [InlineData("arm", 4L, 4L)]
    [InlineData("wasm", 8L, 8L)]
    public void SizesFor_KnownArch_GcWordSizeAndMaxAlign(string goarch, long word, long align)
    {
        Assert.Equal(new DriverSizes(word, align), DriverSizesFor.Arch(goarch));
    }

    [Fact]
    public void SizesFor_UnknownArch_None() => Assert.Null(DriverSizesFor.Arch("pdp11"));

    [Theory]
    [InlineData("go1.23.4", 23)]
    [InlineData("go1.22rc1", 22)]
    [InlineData("go1.21", 21)]
    [InlineData("devel go1.24-abcdef", 24)]
    [InlineData("unknown", 0)]
    public void GoMinor_SdkVersion_MinorNumber(string version, int minor) => Assert.Equal(minor, DriverSizesFor.GoMinor(version));
}
