using Kiln.Core;
using Kiln.Go.Build;
using Kiln.Go.Modules;

namespace Kiln.Go.Tests.Build;

/// Default GODEBUG against the real SDK's godebugs table (cmd/go load/godebug.go is the reference).
public sealed class DefaultGodebugTests
{
    private static readonly string GoRoot = Path.GetDirectoryName(Path.GetDirectoryName(GoTool.GoBinary))!;

    private static GoModFile GoMod(string text) => GoModFile.Parse("go.mod", "module example.com/m\n\n" + text);

    [Fact]
    public void Read_HeaderComments_OnlyGoDirectivesBeforePackage()
    {
        var text = "// Copyright.\n\n//go:build linux\n/* block\n//go:debug hidden=1 */\n  //go:debug panicnil=1\npackage main\n//go:debug after=1\n";

        var found = GoDebugDirective.Read("cmd/x/main.go", text);

        Assert.Equal(["//go:build linux", "//go:debug panicnil=1"], found.Select(d => d.Text));
        Assert.Equal("cmd/x/main.go:6:3", found[1].Position);
    }

    [Fact]
    public void For_GoModLinesAndDirectives_DirectivesWinOverGoModOverVersionDefaults()
    {
        var goMod = GoMod("go 1.22\n\ngodebug (\n\tpanicnil=1\n\ttlsrsakex=1\n)\n");
        var directives = GoDebugDirective.Read("main.go", "//go:debug tlsrsakex=0\npackage main\n");

        var godebug = DefaultGodebug.For(GoRoot, "1.22", goMod, directives);

        Assert.Equal("asynctimerchan=1,gotypesalias=0,httpservecontentkeepheaders=1,panicnil=1,tls3des=1,tlskyber=0,tlsrsakex=0,"
            + "x509keypairleaf=0,x509negativeserial=1", godebug);
    }

    [Fact]
    public void For_DefaultDirective_ReplacesTheGoVersion()
    {
        var godebug = DefaultGodebug.For(GoRoot, "1.23", null, GoDebugDirective.Read("main.go", "//go:debug default=go1.20\npackage main\n"));

        Assert.Contains("panicnil=1", godebug, StringComparison.Ordinal);
        Assert.Contains("httpmuxgo121=1", godebug, StringComparison.Ordinal);
        Assert.DoesNotContain("default", godebug, StringComparison.Ordinal);
        Assert.Equal("", DefaultGodebug.For(GoRoot, "1.23", null, []));
    }

    [Theory]
    [InlineData("//go:debug panicnil=1 x=2\npackage main\n", "main.go:1:1", "invalid //go:debug: value contains space")]
    [InlineData("//go:debug panicnil\npackage main\n", "main.go:1:1", "invalid //go:debug: missing key=value")]
    [InlineData("//go:debug nosuchsetting=1\npackage main\n", "main.go:1:1", "unknown //go:debug setting \"nosuchsetting\"")]
    [InlineData("//go:debug default=go1.99\npackage main\n", "main.go:1:1", "default=go1.99 too new")]
    [InlineData("//go:debug panicnil=1\n//go:debug panicnil=0\npackage main\n", "main.go:2:1", "repeated //go:debug for panicnil")]
    public void For_InvalidDirective_UserErrorNamingThePosition(string text, string where, string why)
    {
        var e = Assert.Throws<KilnException>(() => DefaultGodebug.For(GoRoot, "1.22", null, GoDebugDirective.Read("main.go", text)));

        Assert.Equal(ErrorKind.User, e.Kind);
        Assert.Contains(e.Details, d => d.Value == where);
        Assert.Contains(e.Details, d => d.Value.Contains(why, StringComparison.Ordinal));
    }

    [Fact]
    public void For_UnknownGoModGodebug_UserErrorNamingTheLine()
    {
        var e = Assert.Throws<KilnException>(() => DefaultGodebug.For(GoRoot, "1.22", GoMod("go 1.22\n\ngodebug nosuch=1\n"), []));

        Assert.Contains(e.Details, d => d.Value == "go.mod:5");
        Assert.Contains(e.Details, d => d.Value == "unknown godebug \"nosuch\"");
    }
}
