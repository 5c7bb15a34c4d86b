using Kiln.Core;
using Kiln.Go.Modules;

namespace Kiln.Go.Tests;

public class GoSumFileTests
{
    private const string Sample = """
        example.com/a v1.0.0 h1:AAAA
        example.com/a v1.0.0/go.mod h1:BBBB

        example.com/b v2.0.0+incompatible/go.mod h1:CCCC
        example.com/c v1.0.0 h2:future
        example.com/c v1.0.0 h1:DDDD
        example.com/d v1.0.0/go.mod h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=
        """;

    [Fact]
    public void TryGetZipHash_PresentLine_ReturnsH1()
    {
        var sum = GoSumFile.Parse("go.sum", Sample);
        Assert.True(sum.TryGetZipHash(new("example.com/a", "v1.0.0"), out var zip));
        Assert.Equal("h1:AAAA", zip);
        Assert.True(sum.TryGetModHash(new("example.com/a", "v1.0.0"), out var mod));
        Assert.Equal("h1:BBBB", mod);
        Assert.True(sum.TryGetModHash(new("example.com/b", "v2.0.0+incompatible"), out _));
        Assert.False(sum.TryGetZipHash(new("example.com/b", "v2.0.0+incompatible"), out _));
    }

    [Fact]
    public void TryGetZipHash_UnknownAlgorithm_IsSkippedForH1()
    {
        var sum = GoSumFile.Parse("go.sum", Sample);
        Assert.True(sum.TryGetZipHash(new("example.com/c", "v1.0.0"), out var h));
        Assert.Equal("h1:DDDD", h);
        Assert.Contains(sum.Lines, l => l.Hash == "h2:future");
    }

    [Fact]
    public void Parse_EmptyGoModHashBugLine_IsDropped() =>
        Assert.False(GoSumFile.Parse("go.sum", Sample).TryGetModHash(new("example.com/d", "v1.0.0"), out _));

    [Fact]
    public void Parse_LinesKeepNumbers() => Assert.Equal(6, GoSumFile.Parse("go.sum", Sample).Lines.Single(l => l.Hash == "h1:DDDD").Line);

    [Theory]
    [InlineData("example.com/a v1.0.0\n", 1, "wrong number of fields 2")]
    [InlineData("a v1 h1:x\n\na v1 h1:x extra\n", 3, "wrong number of fields 4")]
    public void Parse_WrongFieldCount_ThrowsWithLine(string text, int line, string fragment)
    {
        var e = Assert.Throws<KilnException>(() => GoSumFile.Parse("go.sum", text));
        Assert.Equal(ErrorKind.User, e.Kind);
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        Assert.Contains(("file", $"go.sum:{line}"), e.Details);
    }

    [Fact]
    public void Equals_SameText_IsEqualAfterLookups()
    {
        var a = GoSumFile.Parse("go.sum", Sample);
        var b = GoSumFile.Parse("go.sum", Sample);
        a.TryGetZipHash(new("example.com/a", "v1.0.0"), out _);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }
}
