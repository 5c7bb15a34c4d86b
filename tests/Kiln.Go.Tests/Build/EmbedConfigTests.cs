using Kiln.Go.Build;

namespace Kiln.Go.Tests.Build;

public sealed class EmbedConfigTests
{
    private static readonly string[] Files = ["a.txt", "static/.hidden", "static/_x.css", "static/app.js", "static/img/logo.png", "b.txt"];

    [Fact]
    public void Patterns_GlobAndDirectory_MatchLikeTheGoCommand()
    {
        var map = EmbedConfig.Patterns(["*.txt", "static", "all:static", "static/img/*.png"], Files);

        Assert.Equal(["a.txt", "b.txt"], map["*.txt"]);
        Assert.Equal(["static/app.js", "static/img/logo.png"], map["static"]);             // `.`/`_` names skipped in a directory walk
        Assert.Equal(["static/.hidden", "static/_x.css", "static/app.js", "static/img/logo.png"], map["all:static"]);
        Assert.Equal(["static/img/logo.png"], map["static/img/*.png"]);
    }

    [Fact]
    public void Patterns_StarDoesNotCrossSlash()
    {
        var map = EmbedConfig.Patterns(["*"], ["top.txt", "dir/inner.txt"]);

        Assert.Equal(["dir/inner.txt", "top.txt"], map["*"]);                                 // `*` matches dir, walked
        Assert.DoesNotMatch(GoGlob.ToRegex("*.txt"), "dir/inner.txt");
    }

    [Fact]
    public void BinaryName_MajorVersionSuffix_UsesParent() =>
        Assert.Equal("tool", GoBuilder.BinaryName("example.com/tool/v2"));
}
