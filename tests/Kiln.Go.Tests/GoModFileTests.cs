using Kiln.Core;
using Kiln.Go.Modules;

namespace Kiln.Go.Tests;

public class GoModFileTests
{
    private const string Rich = """
        // The rich example.
        module example.com/main // trailing

        go 1.23

        toolchain go1.23.5

        godebug default=go1.21
        godebug (
            panicnil=1
            asynctimerchan=0
        )

        require example.com/single v1.2.3
        require (
            example.com/a v1.0.0
            example.com/b/v2 v2.1.0 // indirect
            "example.com/quoted" "v0.1.0"
            example.com/old v2.0.0+incompatible // indirect; because
            example.com/pseudo v0.0.0-20200101000000-abcdef123456
        )

        replace example.com/a => example.com/fork v1.1.0
        replace example.com/b/v2 v2.1.0 => ../b
        replace (
            example.com/c => ./c
            example.com/d v1.0.0 => /abs/d
        )

        exclude example.com/a v0.9.0
        exclude (
            example.com/b/v2 v2.0.0
        )

        retract v1.0.1 // published by mistake
        retract [v1.1.0, v1.2.0]
        retract (
            // broken builds
            v1.3.0
            [v1.4.0, v1.4.5] // dates are wrong
        )
        """;

    [Fact]
    public void Parse_RichFile_ReadsEveryDirective()
    {
        var f = GoModFile.Parse("go.mod", Rich);                                         // When
        Assert.Equal("example.com/main", f.ModulePath);                                  // Then
        Assert.Equal("1.23", f.Go);
        Assert.Equal("go1.23.5", f.Toolchain);
        Assert.Equal(["default=go1.21", "panicnil=1", "asynctimerchan=0"], f.Godebug.Select(g => $"{g.Key}={g.Value}"));
        Assert.Equal(new GoModRequire(new("example.com/single", "v1.2.3"), false, 14), f.Require[0]);
        Assert.Equal(new GoModRequire(new("example.com/b/v2", "v2.1.0"), true, 17), f.Require[2]);
        Assert.Equal(new ModuleVersion("example.com/quoted", "v0.1.0"), f.Require[3].Module);
        Assert.True(f.Require[4].Indirect);
        Assert.False(f.Require[5].Indirect);
        Assert.Equal(new GoModReplace(new("example.com/a", ""), new("example.com/fork", "v1.1.0"), 23), f.Replace[0]);
        Assert.True(f.Replace[1].IsLocalPath);
        Assert.Equal(new ModuleVersion("./c", ""), f.Replace[2].New);
        Assert.Equal(new ModuleVersion("/abs/d", ""), f.Replace[3].New);
        Assert.Equal([new("example.com/a", "v0.9.0"), new("example.com/b/v2", "v2.0.0")], f.Exclude.Select(e => e.Module));
        Assert.Equal(new GoModRetract("v1.0.1", "v1.0.1", "published by mistake", 35), f.Retract[0]);
        Assert.Equal(("v1.1.0", "v1.2.0", ""), (f.Retract[1].Low, f.Retract[1].High, f.Retract[1].Rationale));
        Assert.Equal("broken builds", f.Retract[2].Rationale);
        Assert.Equal(("v1.4.0", "v1.4.5", "dates are wrong"), (f.Retract[3].Low, f.Retract[3].High, f.Retract[3].Rationale));
    }

    [Fact]
    public void Parse_NonCanonicalVersions_AreCanonicalized()
    {
        var f = GoModFile.Parse("go.mod", "module m\nrequire example.com/a v1.2\nrequire example.com/b v1.0.0+meta\n");
        Assert.Equal(["v1.2.0", "v1.0.0"], f.Require.Select(r => r.Module.Version));
    }

    [Fact]
    public void Parse_DeprecatedModule_ReadsDeprecation()
    {
        var f = GoModFile.Parse("go.mod", "// Deprecated: use example.com/new\nmodule example.com/old\n");
        Assert.Equal("use example.com/new", f.Deprecated);
    }

    [Fact]
    public void Parse_CrLfAndCommentsEverywhere_AreAccepted()
    {
        var f = GoModFile.Parse("go.mod", "// c\r\nmodule m // c\r\n\r\nrequire ( // c\r\n  // c\r\n  a.com/x v1.0.0 // indirect\r\n) // c\r\n");
        Assert.True(f.Require.Single().Indirect);
    }

    [Theory]
    [InlineData("module m\nfrobnicate x\n", "unknown directive: frobnicate", 2)]
    [InlineData("module m\nrequire example.com/a 1.0.0\n", "must be of the form v1.2.3", 2)]
    [InlineData("module m\nrequire example.com/a/v2 v1.0.0\n", "should be v2, not v1", 2)]
    [InlineData("module m\nrequire (\n example.com/a v1.0.0\n", "unterminated block", 4)]
    [InlineData("module m\nrequire \"example.com/a v1.0.0\n", "unexpected newline in string", 2)]
    [InlineData("module m\nrequire \"example.com/a", "unexpected EOF in string", 2)]
    [InlineData("module `m`\n", "invalid quoted string", 1)]
    [InlineData("module m\n/* no */\n", "mod files must use // comments", 2)]
    [InlineData("module m\ngo 1.2.3.4\n", "invalid go version", 2)]
    [InlineData("module m\ngo 1.21\ngo 1.22\n", "repeated go statement", 3)]
    [InlineData("module m\nreplace a.com/x => b.com/y\n", "must be directory path", 2)]
    [InlineData("module m\nreplace a.com/x => ./y v1.0.0\n", "cannot have version", 2)]
    [InlineData("module m\nrequire ( a.com/x v1.0.0 )\n", "usage: require", 2)]
    [InlineData("module m\ngo (\n 1.21\n)\n", "unknown block type: go", 2)]
    [InlineData("module m\nretract [v1.0.0 v1.1.0]\n", "expected ',' after version", 2)]
    [InlineData("module m\ngodebug x\n", "usage: godebug key=value", 2)]
    public void Parse_Malformed_ThrowsUserErrorWithLine(string text, string fragment, int line)
    {
        var e = Assert.Throws<KilnException>(() => GoModFile.Parse("go.mod", text));
        Assert.Equal(ErrorKind.User, e.Kind);
        Assert.Contains(fragment, e.Message + string.Join('\n', e.Details.Select(d => d.Value)), StringComparison.Ordinal);
        Assert.Contains(("file", $"go.mod:{line}"), e.Details);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsAllAtOnce()
    {
        var e = Assert.Throws<KilnException>(() => GoModFile.Parse("go.mod", "module m\nfoo\nbar\nrequire x v\n"));
        Assert.Equal(["go.mod:2", "go.mod:3", "go.mod:4"], e.Details.Where(d => d.Label == "file").Select(d => d.Value));
    }

    [Fact]
    public void Parse_NoModuleLine_Throws()
    {
        var e = Assert.Throws<KilnException>(() => GoModFile.Parse("go.mod", "go 1.21\n"));
        Assert.Contains("no module line", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseLax_UnknownDirectivesAndBadReplace_AreIgnored()
    {
        var f = GoModFile.ParseLax("dep/go.mod", "module dep\ngo 1.21.0-whatever\nfrobnicate\nreplace x => y\ntoolchain nope\nretract bogus\nrequire a.com/x v1.0.0\n");
        Assert.Equal("1.21", f.Go);
        Assert.Single(f.Require);
        Assert.Empty(f.Replace);
    }

    [Fact]
    public void ParseLax_NoModuleLine_ReturnsNullPath() => Assert.Null(GoModFile.ParseLax("go.mod", "require a.com/x v1.0.0\n").ModulePath);

    [Fact]
    public void Parse_CorpusWorkspaces_ReadEveryRequire()
    {
        foreach (var name in new[] { "small", "medium", "large" })
        {
            var path = Path.Combine(CorpusPaths.Workspaces, name, "go.mod");
            var text = File.ReadAllText(path);
            var f = GoModFile.Parse(path, text);
            Assert.Equal($"corpus.example/{name}", f.ModulePath);
            var requireLines = text.Split('\n').Count(l => l.Trim() is var t && t.Length > 0 && t.Split(' ')[0].Contains('.') && !t.StartsWith("module", StringComparison.Ordinal));
            Assert.Equal(requireLines, f.Require.Count);
        }
    }
}
