using Kiln.Core;
using Kiln.Go.Packages;
using Kiln.Go.Vet;

namespace Kiln.Go.Tests.Vet;

/// go test's -vet parsing (cmd/go/internal/test/testflag.go vetFlag.Set, Go 1.23) and the flags vet runs with
/// per package (work/exec.go vet).
public sealed class VetSettingTests
{
    [Theory]
    [InlineData("", false, false, "-atomic -bool -buildtags -directive -errorsas -ifaceassert -nilfunc -printf -slog -stringintconv")]
    [InlineData("off", true, true, "")]
    [InlineData("all", false, true, "")]
    [InlineData("printf,atomic", false, true, "-printf -atomic")]
    [InlineData("all,printf", false, true, "-printf")]          // go accepts one analyzer after a distinguished value
    [InlineData("printf,all", false, true, "")]                 // a distinguished value resets the list
    [InlineData("off,printf", true, true, "-printf")]           // and off stays off
    public void ParseTestFlag_AcceptedValues_AsGoParsesThem(string value, bool off, bool isExplicit, string flags)
    {
        var setting = VetSetting.ParseTestFlag(value);

        Assert.Equal(off, setting.Off);
        Assert.Equal(isExplicit, setting.Explicit);
        Assert.Equal(flags, string.Join(' ', setting.Flags));
    }

    [Theory]
    [InlineData("printf=1", "-vet argument cannot contain equal signs")]
    [InlineData("printf atomic", "-vet argument is comma-separated list, cannot contain spaces")]
    [InlineData("printf,", "-vet argument contains empty list element")]
    [InlineData("bogus", "-vet argument must be a supported analyzer or a distinguished value; found bogus")]
    [InlineData("off,printf,atomic", "-vet does not accept \"off\" in a list with other analyzers")]
    public void ParseTestFlag_BadValues_AreUserErrorsWithGosMessage(string value, string why)
    {
        var e = Assert.Throws<KilnException>(() => VetSetting.ParseTestFlag(value));

        Assert.Equal(ErrorKind.User, e.Kind);
        Assert.Equal($"invalid value \"{value}\" for flag -vet: {why}", e.Message);
    }

    [Fact]
    public void FlagsFor_StandardPackages_RunEveryCheckButUnsafeptrUnlessChosen()
    {
        var std = new GoPackage { ImportPath = "fmt", Standard = true };
        var mine = new GoPackage { ImportPath = "example.com/x" };

        Assert.Equal(["-unsafeptr=false", "-unreachable=false"], VetSetting.TestDefault.FlagsFor(std));
        Assert.Equal(VetSetting.TestDefault.Flags, VetSetting.TestDefault.FlagsFor(mine));
        Assert.Equal(["-unsafeptr=false"], VetSetting.ForVet([]).FlagsFor(std));
        Assert.Equal(["-printf=false"], VetSetting.ForVet(["-printf=false"]).FlagsFor(std));
        Assert.Equal(["-printf"], VetSetting.ParseTestFlag("printf").FlagsFor(std));
        Assert.NotEqual(VetSetting.ParseTestFlag("all").Encode(), VetSetting.ForVet([]).Encode());
    }
}
