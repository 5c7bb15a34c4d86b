using Kiln.Core;
using Kiln.Go.Packages;
using Kiln.Go.Test;

namespace Kiln.Go.Tests.Test;

/// go test -fuzz's rules (test.go): what it refuses, and which packages it compiles with -d=libfuzzer.
public sealed class FuzzTargetTests
{
    private static readonly GoPackage Mine = new() { ImportPath = "example.com/m/p", Module = new GoPackageModule("example.com/m", "", "1.22", Main: true) };

    [Fact]
    public void Instrument_OwnAndStdPackages_AfterTheirGcflags_ButNotTheFuzzingMachinery()
    {
        var withFlags = Mine with { Gcflags = new(["-N"]) };

        Assert.Equal(["-N", "-d=libfuzzer"], FuzzTarget.Instrument(withFlags, "amd64").Gcflags);
        Assert.Equal(["-d=libfuzzer"], FuzzTarget.Instrument(new GoPackage { ImportPath = "strings", Standard = true }, "arm64").Gcflags);
        Assert.Empty(FuzzTarget.Instrument(new GoPackage { ImportPath = "testing", Standard = true }, "amd64").Gcflags);
        Assert.Empty(FuzzTarget.Instrument(Mine, "386").Gcflags);                   // fuzzing without instrumentation there
    }

    [Theory]
    [InlineData("two", "cannot use -fuzz flag with multiple packages")]
    [InlineData("std", "cannot use -fuzz flag on package outside the main module")]
    [InlineData("dependency", "cannot use -fuzz flag on package outside the main module")]
    [InlineData("profile", "cannot use -coverprofile flag with -fuzz flag")]
    [InlineData("plan9", "-fuzz flag is not supported on plan9")]
    public void Check_RefusesWhatGoTestRefuses(string situation, string message)
    {
        var dependency = new GoPackage { ImportPath = "example.com/dep", Module = new GoPackageModule("example.com/dep", "v1.0.0", "1.20", Main: false) };
        IReadOnlyList<GoPackage> matched = situation switch
        {
            "two" => [Mine, Mine with { ImportPath = "example.com/m/q" }],
            "std" => [new GoPackage { ImportPath = "strings", Standard = true }],
            "dependency" => [dependency],
            _ => [Mine],
        };

        var e = Assert.Throws<KilnException>(() => FuzzTarget.Check(matched, cover: false, coverProfile: situation == "profile", situation == "plan9" ? "plan9" : "linux"));

        Assert.Equal(message, e.Message);
        Assert.Equal(ErrorKind.User, e.Kind);
    }

    [Fact]
    public void Check_OnePackageOfTheMainModule_Accepted() => FuzzTarget.Check([Mine], cover: false, coverProfile: false, "linux");
}
