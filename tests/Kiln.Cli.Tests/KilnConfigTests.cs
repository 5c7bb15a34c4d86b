using Kiln.Cli.Commands;
using Kiln.Core;
using Kiln.Go.Sdk;
using Kiln.Testing;

namespace Kiln.Cli.Tests;

public sealed class KilnConfigTests : IDisposable
{
    private static readonly GoSdk Sdk = new("/go/bin/go", "/go", "go1.23.0", "linux", "amd64", true, EquatableMap<string>.Empty);
    private readonly TempDirectory _temp = new("kiln-config");

    [Fact]
    public void Load_BuildSection_ReadsEverySetting()
    {
        _temp.Write("kiln.toml", "[build]\ngoos = \"windows\"\ngoarch = \"arm64\"\ncgo = false\ntags = [\"netgo\", \"purego\"]\n");

        var config = KilnConfig.Load(_temp.Path);

        Assert.Equal("windows", config.Build.GoOs);
        Assert.Equal("arm64", config.Build.GoArch);
        Assert.False(config.Build.Cgo);
        Assert.Equal(["netgo", "purego"], config.Build.Tags!);
    }

    [Fact]
    public void Load_InvalidToml_IsUserErrorWithTheParsersMessage()
    {
        _temp.Write("kiln.toml", "[build\n");

        var e = Assert.Throws<KilnException>(() => KilnConfig.Load(_temp.Path));

        Assert.Equal(ErrorKind.User, e.Kind);
        Assert.Equal("kiln.toml is not valid TOML", e.Message);
        var why = Assert.Single(e.Details, d => d.Label == "why").Value;
        Assert.StartsWith("(1,7) : error : Expected `]`", why);
    }

    [Fact]
    public void Resolve_NoFlags_UsesKilnToml_OverTheEnvironment()
    {
        var file = new BuildSettings("windows", "arm64", false, ["kilntest"]);
        var host = Host(("GOOS", "darwin"), ("CGO_ENABLED", "1"));

        var config = BuildConfigResolver.Resolve(Sdk, file, null, null, null, null, host);

        Assert.Equal("windows/arm64 cgo=0 tags=kilntest", config.ToString());
    }

    [Fact]
    public void Resolve_Flags_WinOverKilnToml()
    {
        var file = new BuildSettings("windows", "arm64", false, ["kilntest"]);

        var config = BuildConfigResolver.Resolve(Sdk, file, "linux", "amd64", "1", "a,b", Host());

        Assert.Equal("linux/amd64 cgo=1 tags=a,b", config.ToString());
    }

    [Fact]
    public void Resolve_NothingSet_UsesEnvironmentThenSdk()
    {
        var config = BuildConfigResolver.Resolve(Sdk, BuildSettings.None, null, null, null, null, Host(("GOARCH", "386"), ("CGO_ENABLED", "0")));

        Assert.Equal("linux/386 cgo=0", config.ToString());
    }

    [Fact]
    public void Resolve_Race_IsPartOfTheConfigurationAndRequiresCgo()
    {
        var file = BuildSettings.None with { Race = true };

        var config = BuildConfigResolver.Resolve(Sdk, file, null, null, "1", null, Host());
        var e = Assert.Throws<KilnException>(() => BuildConfigResolver.Resolve(Sdk, BuildSettings.None, null, null, "0", null, Host(), race: true));

        Assert.Equal("linux/amd64 cgo=1 race", config.ToString());
        Assert.Equal(["-race"], config.TagsArgs);
        Assert.Equal(ErrorKind.User, e.Kind);
        Assert.Equal("-race requires cgo", e.Message);
    }

    [Fact]
    public void Load_Race_IsRead()
    {
        _temp.Write("kiln.toml", "[build]\nrace = true\n");

        Assert.True(KilnConfig.Load(_temp.Path).Build.Race);
    }

    [Theory]
    [InlineData("[build]\nos = \"linux\"\n", "build.os")]
    [InlineData("[build]\ncgo = 1\n", "build.cgo")]
    [InlineData("[build]\ntags = \"netgo\"\n", "build.tags")]
    [InlineData("[build]\ntags = [\"a,b\"]\n", "build.tags")]
    [InlineData("[go]\nroot = \"/go\"\n", "go.root")]
    [InlineData("[test]\nshort = true\n", "[test]")]
    public void Load_BadSetting_IsUserErrorNamingFileAndKey(string toml, string key)
    {
        var path = _temp.Write("kiln.toml", toml);

        var e = Assert.Throws<KilnException>(() => KilnConfig.Load(_temp.Path));

        Assert.Equal(ErrorKind.User, e.Kind);
        Assert.Contains(("file", path), e.Details);
        Assert.Contains(("setting", key), e.Details);
    }

    [Theory]
    [InlineData("[build]\ngoos = \"linux\"\ncgo = \"yes\"\n", "build.cgo", "3", "true or false", "a string")]
    [InlineData("# remote\n[remote]\nupload = 1\n", "remote.upload", "3", "true or false", "an integer")]
    [InlineData("[remote]\ncache = true\n", "remote.cache", "2", "a string", "a boolean")]
    [InlineData("[remote]\ntimeout_seconds = \"30\"\n", "remote.timeout_seconds", "2", "a number of seconds greater than 0", "a string")]
    [InlineData("[remote]\nheaders = \"x\"\n", "remote.headers", "2", "a table of strings, like { name = \"value\" }", "a string")]
    [InlineData("[remote.headers]\nx-token = 5\n", "remote.headers.x-token", "2", "a string", "an integer")]
    [InlineData("go = \"/usr/bin/go\"\n", "go", "1", "a table ([go])", "a string")]
    public void Load_ValueOfTheWrongType_NamesFileLineKeyAndExpectedType(string toml, string key, string line, string expected, string found)
    {
        var path = _temp.Write("kiln.toml", toml);                                         // Given

        var e = Assert.Throws<KilnException>(() => KilnConfig.Load(_temp.Path));          // When

        Assert.Equal(ErrorKind.User, e.Kind);                                              // Then: not "unknown setting"
        Assert.Equal($"the kiln.toml setting {key} must be {expected}", e.Message);
        Assert.Equal([("file", path), ("line", line), ("setting", key), ("expected", expected), ("found", found)], e.Details);
    }

    [Theory]
    [InlineData("[build]\ncgo = false\nrace = true\ncgo = true\n", "build.cgo", "line 2", "line 4")]
    [InlineData("[build]\ncgo = false\n\n[build]\nrace = true\n", "[build]", "line 1", "line 4")]
    [InlineData("build.cgo = false\n[build]\ncgo = true\n", "build.cgo", "line 1", "line 3")]
    public void Load_KeyWrittenTwice_IsRejectedWithBothLines(string toml, string key, string first, string again)
    {
        var path = _temp.Write("kiln.toml", toml);                                         // Given

        var e = Assert.Throws<KilnException>(() => KilnConfig.Load(_temp.Path));          // When

        Assert.Equal(ErrorKind.User, e.Kind);                                              // Then
        Assert.Contains(("file", path), e.Details);
        Assert.Contains(("setting", key), e.Details);
        Assert.Contains(("first", first), e.Details);
        Assert.Contains(("again", again), e.Details);
    }

    private HostEnvironment Host(params (string Name, string Value)[] vars) =>
        new(vars.ToDictionary(v => v.Name, v => v.Value), _temp.Path);

    public void Dispose() => _temp.Dispose();
}
