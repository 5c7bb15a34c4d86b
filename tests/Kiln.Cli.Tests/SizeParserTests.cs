using Kiln.Core;

namespace Kiln.Cli.Tests;

public class SizeParserTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("1024", 1024)]
    [InlineData("500MB", 500_000_000)]
    [InlineData("20GiB", 20L << 30)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData("2 kib", 2048)]
    public void Parse_Valid_GivesBytes(string text, long bytes) => Assert.Equal(bytes, SizeParser.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("GB")]
    [InlineData("12 parsecs")]
    public void Parse_Invalid_IsUserError(string text) =>
        Assert.Equal(ErrorKind.User, Assert.Throws<KilnException>(() => SizeParser.Parse(text)).Kind);
}
