using CsCheck;
using Kiln.Go.Build;

namespace Kiln.Go.Tests.Build;

/// An input root's files of other packages sit flat in one directory: one file name per import path, never a path.
public class DepNamesTests
{
    [Theory]
    [InlineData("fmt", "deps/fmt.x")]
    [InlineData("example.com/a/b", "deps/example.com%2Fa%2Fb.x")]
    [InlineData("vendor/golang.org/x/net/dns/dnsmessage", "deps/vendor%2Fgolang.org%2Fx%2Fnet%2Fdns%2Fdnsmessage.x")]
    [InlineData("a%2Fb", "deps/a%252Fb.x")]
    public void Of_EscapesTheImportPathIntoOneFileName(string importPath, string expected) =>
        Assert.Equal(expected, DepNames.Of("deps", importPath, ".x"));

    [Fact]
    public void Escape_IsOneToOne_AndAlwaysOneShortFileName()
    {
        var element = Gen.OneOf(Gen.String[Gen.Char["a-z0-9.%~+-_"], 0, 12], Gen.Const("v2"), Gen.Const("%2F"), Gen.Const(""));
        var path = element.Array[1, 30].Select(parts => string.Join('/', parts));
        Gen.Select(path, path).Sample((a, b) =>
        {
            var (ea, eb) = (DepNames.Escape(a), DepNames.Escape(b));
            Assert.DoesNotContain('/', ea);
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(ea) <= 200, ea);
            Assert.Equal(a == b, ea == eb);
        });
    }
}
