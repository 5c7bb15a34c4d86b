using CsCheck;

namespace Kiln.Core.Tests;

public class RelPathTests
{
    [Theory]
    [InlineData("a/b", "a/b")]
    [InlineData("./a//b/", "a/b")]
    [InlineData(".", "")]
    [InlineData("", "")]
    public void Parse_Variants_Normalize(string input, string expected) =>
        Assert.Equal(expected, RelPath.Parse(input).Value);

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("a/../b")]
    [InlineData("..")]
    public void TryParse_Escaping_IsRejected(string input) =>
        Assert.False(RelPath.TryParse(input, out _, out _));

    [Fact]
    public void TryParse_ArbitraryText_NeverThrowsAndNeverEscapes()
    {
        Gen.String.Sample(s =>
        {
            if (RelPath.TryParse(s, out var p, out _))
            {
                Assert.False(p.Value.StartsWith('/'));
                Assert.DoesNotContain("..", p.Value.Split('/'));
            }
        });
    }
}
