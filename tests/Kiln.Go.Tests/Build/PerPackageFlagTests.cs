using Kiln.Core;
using Kiln.Go.Build;
using Kiln.Go.Packages;

namespace Kiln.Go.Tests.Build;

/// -gcflags and -asmflags read as cmd/go/internal/load/flag.go reads them: `[pattern=]flags`, the last matching
/// value wins, no pattern means the packages named on the command line, patterns as load.MatchPackage matches.
public class PerPackageFlagTests
{
    private const string Cwd = "/w/ws";

    private static readonly GoPackage Core = new() { ImportPath = "example.com/ws/internal/core" };
    private static readonly GoPackage Cmd = new() { ImportPath = "example.com/ws/cmd/x" };
    private static readonly GoPackage Fmt = new() { ImportPath = "fmt", Standard = true };
    private static readonly GoPackage Dep = new() { ImportPath = "gopkg.in/yaml.v3" };

    private static string For(PerPackageFlag flag, GoPackage p, bool named = false)
    {
        var dir = p.Standard || p == Dep ? null : Cwd + p.ImportPath["example.com/ws".Length..];
        return string.Join(' ', flag.For(p, dir, named, Cwd));
    }

    private static PerPackageFlag Gc(params string[] values) => PerPackageFlag.Parse("gcflags", values);

    [Fact]
    public void For_NoPattern_AppliesToThePackagesNamedOnly()
    {
        var flag = Gc("-N -l");                                                                      // Given, When, Then
        Assert.Equal("-N -l", For(flag, Cmd, named: true));
        Assert.Equal("", For(flag, Core));
        Assert.Equal("", For(flag, Fmt));
    }

    [Fact]
    public void For_Patterns_MatchAsTheGoCommandMatches()
    {
        Assert.Equal("-l", For(Gc("all=-l"), Fmt));                                                  // Given, When, Then
        Assert.Equal("-l", For(Gc("std=-l"), Fmt));
        Assert.Equal("", For(Gc("std=-l"), Core));
        Assert.Equal("", For(Gc("cmd=-l"), Fmt));
        Assert.Equal("-B", For(Gc("example.com/ws/internal/...=-B"), Core));
        Assert.Equal("-B", For(Gc("example.com/ws/internal/core/...=-B"), Core));            // a trailing /... matches the path itself
        Assert.Equal("", For(Gc("example.com/ws/internal/...=-B"), Cmd));
        Assert.Equal("-B", For(Gc("gopkg.in/yaml.v3=-B"), Dep));
        Assert.Equal("-m", For(Gc("./...=-m"), Core));                                            // relative: by directory
        Assert.Equal("-m", For(Gc("./cmd/x=-m"), Cmd));
        Assert.Equal("", For(Gc("./cmd/x=-m"), Core));
        Assert.Equal("-m", For(Gc("./internal/...=-m"), Core));
        Assert.Equal("", For(Gc("./...=-m"), Dep));                                               // no directory in the workspace
        Assert.Equal("", For(Gc("./...=-m"), Fmt));
    }

    [Fact]
    public void For_SeveralValues_TheLastMatchWins_AnEmptyValueClears()
    {
        var flag = Gc("all=-N -l", "example.com/ws/...=-m", "");                                     // Given

        Assert.Equal("-N -l", For(flag, Fmt));                                                       // When, Then
        Assert.Equal("-m", For(flag, Core));
        Assert.Equal("", For(flag, Cmd, named: true));                                               // -gcflags="" for the named
        Assert.Equal("all=-N -l", Gc("all=-N -l").Raw);
        Assert.Equal("", flag.Raw);                                                                  // go records the last value
    }

    [Fact]
    public void From_GoflagsValuesComeFirst()
    {
        var goFlags = GoFlagsVariable.From(new Dictionary<string, string> { ["GOFLAGS"] = "-gcflags=all=-l -trimpath -gcflags=std=-B" });

        var flag = PerPackageFlag.From("gcflags", goFlags, ["std=-m"]);                              // When

        Assert.Equal(["all=-l", "std=-B", "std=-m"], flag.Values);                                   // Then
        Assert.Equal("-m", For(flag, Fmt));
        Assert.Equal("-l", For(flag, Core));
    }

    [Theory]
    [InlineData("foo", "missing =<value> in <pattern>=<value>")]
    [InlineData("=-N", "missing <pattern> in <pattern>=<value>")]
    [InlineData("'all'=-N", "parameter may not start with quote character '")]
    [InlineData("all=-N '-l", "unterminated ' string")]
    public void Parse_BadValue_IsGosErrorNamingTheFlag(string value, string why)
    {
        var e = Assert.Throws<KilnException>(() => Gc(value));                                       // Given, When

        Assert.Equal(ErrorKind.User, e.Kind);                                                        // Then
        Assert.Equal($"invalid value \"{value}\" for flag -gcflags: {why}", e.Message);
    }

    [Fact]
    public void Parse_QuotedFields_SplitAsGoSplitsThem() =>
        Assert.Equal("-d=checkptr -trimpath=a b", string.Join(' ', Gc("all=-d=checkptr '-trimpath=a b'").For(Fmt, null, false, Cwd)));
}
