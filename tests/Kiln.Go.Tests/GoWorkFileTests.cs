using System.Text;
using Kiln.Core;
using Kiln.Go.Modules;

namespace Kiln.Go.Tests;

/// go.work as the go command reads it: use, replace and godebug directives (single lines and blocks), at their lines.
public sealed class GoWorkFileTests
{
    private static GoWorkFile Parse(string text) => GoWorkFile.Parse("go.work", Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Parse_UseReplaceGodebug_AtTheirLines()
    {
        var work = Parse("go 1.23\n\nuse (\n\t./app\n\t./lib\n)\n\nreplace example.com/x v1.0.0 => ./x\n\ngodebug (\n\tpanicnil=1\n\thttp2client=0\n)\ngodebug tlsrsakex=1\ntoolchain go1.23.5\n");   // Given, When

        Assert.Equal("1.23", work.Go);                                                                   // Then
        Assert.Equal(["./app", "./lib"], work.Use.Select(u => u.Path));
        Assert.Equal(8, work.Replace.Single().Line);
        Assert.Equal([new GoModGodebug("panicnil", "1", 11), new GoModGodebug("http2client", "0", 12), new GoModGodebug("tlsrsakex", "1", 14)], work.Godebug);
    }

    [Fact]
    public void Parse_MalformedGodebug_IsAnErrorNamingTheLine()
    {
        var e = Assert.Throws<KilnException>(() => Parse("go 1.23\n\nuse ./app\n\ngodebug panicnil\n"));     // Given, When

        Assert.Equal(ErrorKind.User, e.Kind);                                                           // Then
        Assert.Contains(e.Details, d => d.Value.StartsWith("go.work:5", StringComparison.Ordinal));
    }
}
