using Kiln.Core;
using Kiln.Go.Modules;

namespace Kiln.Go.Tests;

/// vendor/modules.txt read as modload.readVendorList reads it, and checked against go.mod as
/// checkVendorConsistency checks it (messages in the go command's words).
public class VendorListTests
{
    private const string ModulesTxt = """
        # example.com/a v1.2.0
        ## explicit; go 1.21
        example.com/a
        example.com/a/sub
        # example.com/b v0.3.0 => example.com/fork/b v0.3.1
        ## explicit
        example.com/b
        # example.com/local v0.0.0 => ../local
        ## explicit; go 1.22
        example.com/local/pkg
        # example.com/wild => ./wild
        # example.com/onlyreplaced v1.0.0 => ./r
        # not a module line
        # example.com/indirect v0.1.0
        example.com/indirect
        # example.com/local => ../local
        """;

    private const string GoMod = """
        module example.com/main

        go 1.22

        require (
        	example.com/a v1.2.0
        	example.com/b v0.3.0
        	example.com/local v0.0.0
        )

        replace example.com/b v0.3.0 => example.com/fork/b v0.3.1

        replace example.com/local => ../local

        replace example.com/wild => ./wild

        replace example.com/onlyreplaced v1.0.0 => ./r
        """;

    private static VendorList Parse(string text) => VendorList.Parse(text, "/ws/vendor", "vendor/modules.txt", "1.23.5");

    [Fact]
    public void Parse_ModulesPackagesAndAnnotations_AsGoReadsThem()
    {
        var list = Parse(ModulesTxt);

        Assert.Equal(["example.com/a@v1.2.0", "example.com/b@v0.3.0", "example.com/local@v0.0.0", "example.com/indirect@v0.1.0"],
            list.Modules.Select(m => m.ToString()));
        Assert.Equal(new ModuleVersion("example.com/a", "v1.2.0"), list.PackageModule["example.com/a/sub"]);
        Assert.Equal(new ModuleVersion("example.com/local", "v0.0.0"), list.PackageModule["example.com/local/pkg"]);
        Assert.Equal(new VendorMetadata(true, null, "1.21"), list.Meta(new ModuleVersion("example.com/a", "v1.2.0")));
        Assert.Equal(new ModuleVersion("example.com/fork/b", "v0.3.1"), list.Meta(new ModuleVersion("example.com/b", "v0.3.0")).Replacement);
        Assert.Equal(new ModuleVersion("./wild", ""), list.Meta(new ModuleVersion("example.com/wild", "")).Replacement);
        Assert.Equal(["example.com/b@v0.3.0", "example.com/local@v0.0.0", "example.com/wild", "example.com/onlyreplaced@v1.0.0", "example.com/local"],
            list.Replaced.Select(m => m.ToString()));
        Assert.False(list.Meta(new ModuleVersion("example.com/indirect", "v0.1.0")).Explicit);
        Assert.False(list.ForWorkspace);
        Assert.True(Parse("## workspace\n# example.com/a v1.0.0\n").ForWorkspace);
    }

    [Fact]
    public void BuildList_CarriesReplacementsAndGoVersions()
    {
        var build = Parse(ModulesTxt).BuildList().ToDictionary(m => m.Path);

        Assert.Equal(new BuildListModule("example.com/b", "v0.3.0", "example.com/fork/b", "v0.3.1", null), build["example.com/b"]);
        Assert.True(build["example.com/local"].IsLocalReplace);
        Assert.Equal("1.22", build["example.com/local"].GoVersion);
        Assert.DoesNotContain("example.com/wild", build.Keys); // replaced, but vendors no package
    }

    [Fact]
    public void Parse_GoLineNewerThanTheToolchain_IsAnErrorNamingTheModule()
    {
        var e = Assert.Throws<KilnException>(() => Parse("# example.com/a v1.0.0\n## explicit; go 1.99\nexample.com/a\n"));

        Assert.Contains("go >= 1.99", e.Message, StringComparison.Ordinal);
        Assert.Contains(e.Details, d => d.Value == "example.com/a");
    }

    [Fact]
    public void Consistency_MatchingFiles_HaveNoProblem() =>
        Assert.Empty(VendorConsistency.Problems(GoModFile.Parse("go.mod", GoMod), Parse(ModulesTxt)));

    [Fact]
    public void Consistency_EachMismatch_IsReportedInGosWords()
    {
        var goMod = GoModFile.Parse("go.mod", GoMod
            .Replace("example.com/a v1.2.0", "example.com/a v1.3.0", StringComparison.Ordinal)
            .Replace("=> example.com/fork/b v0.3.1", "=> example.com/fork/b v0.4.0", StringComparison.Ordinal)
            .Replace("replace example.com/onlyreplaced v1.0.0 => ./r", "replace example.com/new v1.0.0 => ./new", StringComparison.Ordinal));

        var problems = VendorConsistency.Problems(goMod, Parse(ModulesTxt));

        Assert.Equal(
        [
            "example.com/a@v1.3.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt",
            "example.com/b@v0.3.0: is replaced by example.com/fork/b@v0.4.0 in go.mod, but marked as replaced by example.com/fork/b@v0.3.1 in vendor/modules.txt",
            "example.com/new@v1.0.0: is replaced in go.mod, but not marked as replaced in vendor/modules.txt",
            "example.com/a@v1.2.0: is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod",
            "example.com/onlyreplaced@v1.0.0: is marked as replaced in vendor/modules.txt, but not replaced in go.mod",
        ], problems);
    }

    [Fact]
    public void Consistency_BeforeGo114_OnlyContradictingVersionsCount()
    {
        var goMod = GoModFile.Parse("go.mod", "module m\n\ngo 1.13\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/c v1.0.0\n)\n");

        var problems = VendorConsistency.Problems(goMod, Parse("# example.com/a v1.2.0\nexample.com/a\n"));

        Assert.Equal(["example.com/a@v1.0.0: is explicitly required in go.mod, but vendor/modules.txt indicates example.com/a@v1.2.0"], problems);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("-mod=vendor", "vendor")]
    [InlineData("-mod=mod -trimpath --mod=readonly", "readonly")]
    [InlineData("-modcacherw", null)]
    public void ModFlag_IsTheLastMinusModOfGoflags(string? goflags, string? expected)
    {
        var env = goflags is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["GOFLAGS"] = goflags };

        Assert.Equal(expected, Vendoring.ModFlag(env));
    }
}
