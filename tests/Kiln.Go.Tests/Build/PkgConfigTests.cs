using Kiln.Core;
using Kiln.Go.Build;
using Kiln.Go.Packages;

namespace Kiln.Go.Tests.Build;

/// pkg-config's output split as work/exec.go's splitPkgConfigOutput splits it, and its flags merged into a
/// package as cmd/go's cgo step merges them.
public class PkgConfigTests
{
    [Theory]
    [InlineData("-I/usr/include/x -lfoo", new[] { "-I/usr/include/x", "-lfoo" })]
    [InlineData("  -DA=1\t -DB\n", new[] { "-DA=1", "-DB" })]
    [InlineData(@"-I/path\ with\ spaces -DQ=""a b""", new[] { "-I/path with spaces", "-DQ=a b" })]
    [InlineData(@"-D'x y' """" -DE=""\$\z""", new[] { "-Dx y", "", "-DE=$\\z" })]
    [InlineData("", new string[0])]
    public void Split_AsAShellSplits(string output, string[] flags) => Assert.Equal(flags, PkgConfig.Split(output));

    [Theory]
    [InlineData("-lfoo; rm -rf /")]
    [InlineData("-I$(HOME)")]
    [InlineData("-D'open")]
    [InlineData("-Dx\\")]
    public void Split_ShellSyntaxOrUnterminated_IsRefused(string output) => Assert.Null(PkgConfig.Split(output));

    [Fact]
    public void Apply_AddsCflagsToCppflagsAndLibsToLdflags()
    {
        var p = new GoPackage
        {
            ImportPath = "example.com/pc",
            CgoPkgConfig = new EquatableArray<string>(["kilnval"]),
            CgoCPPFLAGS = new EquatableArray<string>(["-DOWN"]),
            CgoLDFLAGS = new EquatableArray<string>(["-lown"]),
        };

        var applied = PkgConfig.Apply(p, new PkgConfig.Flags(new EquatableArray<string>(["-DPC"]), new EquatableArray<string>(["-lpc"])));

        Assert.Equal(["-DOWN", "-DPC"], applied.CgoCPPFLAGS);
        Assert.Equal(["-lown", "-lpc"], applied.CgoLDFLAGS);
        Assert.Empty(applied.CgoPkgConfig);
    }

    [Fact]
    public void Query_PackageNameLikeAFlag_IsRefusedBeforeRunning()
    {
        var e = Assert.Throws<KilnException>(() => PkgConfig.Query("example.com/pc", ["-lbad"], "/", new Dictionary<string, string>()));

        Assert.Contains("invalid pkg-config package name: -lbad", e.Message, StringComparison.Ordinal);
    }
}
