using Kiln.Core;
using Kiln.Go.Build;
using Kiln.Go.Packages;

namespace Kiln.Go.Tests.Build;

/// -ldflags and GOFLAGS split as cmd/internal/quoted.Split splits them, and the flags Kiln keeps for itself.
public class LinkFlagsTests
{
    private static GoFlagsVariable Env(string? goflags) =>
        GoFlagsVariable.From(goflags is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["GOFLAGS"] = goflags });

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("  -s\t-w\n", new[] { "-s", "-w" })]
    [InlineData("-X 'main.v=1 2' -X \"main.c=a'b\"", new[] { "-X", "main.v=1 2", "-X", "main.c=a'b" })]
    [InlineData("-X=main.v='q'", new[] { "-X=main.v='q'" })] // quotes count only at the start of a field
    [InlineData("''", new[] { "" })]
    public void Split_AsGoSplits(string text, string[] fields) => Assert.Equal(fields, GoQuoted.Split(text));

    [Theory]
    [InlineData("'open")]
    [InlineData("-X \"main.v=1")]
    public void Split_UnclosedQuote_IsNull(string text) => Assert.Null(GoQuoted.Split(text));

    private static readonly GoPackage Cmd = new() { ImportPath = "example.com/m/cmd/tool", Name = "main" };
    private static readonly GoPackage Other = new() { ImportPath = "example.com/m/cmd/other", Name = "main" };

    /// The flags of a main package named on the command line.
    private static IReadOnlyList<string> Named(string? commandLine, string? goflags, GoPackage? p = null) =>
        LinkFlags.From(commandLine is null ? null : [commandLine], Env(goflags)).For(p ?? Cmd, null, commandLine: true, "/ws");

    [Fact]
    public void From_CommandLineWinsOverGoflags_AndKeepsEveryFlag()
    {
        Assert.Equal(["-s", "-w", "-linkmode=external", "-extldflags", "-static"], Named("-s -w -linkmode=external -extldflags -static", "-ldflags=-X=a.b=c"));
        Assert.Equal(["-X=a.b=c"], Named(null, "-ldflags=-X=a.b=c"));
        Assert.Equal(["-s", "-X", "a.b=c d"], Named(null, "-trimpath '-ldflags=-s -X \"a.b=c d\"'"));
        Assert.Empty(Named(null, null));
    }

    [Fact]
    public void From_PatternValues_GiveEachMainItsOwnFlags_TheLastMatchWinning()
    {
        var flag = LinkFlags.From(["-s", "example.com/m/cmd/tool=-w -X main.v=1", "all=-X main.v=2", "example.com/m/cmd/other=-s -w"], Env("-ldflags=-X=a.b=c"));

        Assert.Equal(["-X", "main.v=2"], flag.For(Cmd, null, commandLine: true, "/ws"));
        Assert.Equal(["-s", "-w"], flag.For(Other, null, commandLine: true, "/ws"));
        Assert.Equal(["-w", "-X", "main.v=1"], LinkFlags.From(["example.com/m/cmd/...=-w -X main.v=1"], Env(null)).For(Cmd, null, commandLine: false, "/ws"));
        Assert.Empty(LinkFlags.From(["-s"], Env(null)).For(Cmd, null, commandLine: false, "/ws"));   // no pattern: only the packages named
    }

    [Theory]
    [InlineData("-o x")]
    [InlineData("--importcfg=cfg")]
    [InlineData("-buildmode=pie")]
    [InlineData("-buildid=abc")]
    [InlineData("-tmpdir /tmp")]
    [InlineData("./cmd/...=-o x")]
    public void From_FlagsKilnSets_AreRefused(string ldflags)
    {
        var e = Assert.Throws<KilnException>(() => LinkFlags.From([ldflags], Env(null)));

        Assert.Equal("invalid -ldflags", e.Message);
        Assert.Contains(e.Details, d => d.Value.Contains("is set by Kiln", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-extld=clang", true)]
    [InlineData("-extld clang", true)]
    [InlineData("--extld=clang", true)]
    [InlineData("-extldflags=-static", false)]
    public void NamesExtld_OnlyForTheExtldFlag(string ldflags, bool names) => Assert.Equal(names, LinkFlags.NamesExtld(Named(ldflags, null)));

    [Fact]
    public void GoFlags_ValuesAndBooleans_TheLastWins()
    {
        var env = Env("-tags=a,b -race --tags=c -mod=vendor -race=false");

        Assert.Equal("c", env.Value("tags"));
        Assert.Equal("vendor", env.Value("mod"));
        Assert.False(env.IsSet("race"));
        Assert.True(Env("-race").IsSet("race"));
        Assert.Null(env.Value("ldflags"));
    }

    [Theory]
    [InlineData("tags=a", "parameter \"tags=a\" is not a flag")]
    [InlineData("'-ldflags=-s", "a quote is not closed")]
    public void GoFlags_NotFlags_IsAnError(string goflags, string why)
    {
        var e = Assert.Throws<KilnException>(() => Env(goflags));

        Assert.Equal("invalid GOFLAGS", e.Message);
        Assert.Contains(e.Details, d => d.Value == why);
    }
}
