
namespace Kiln.Core.Tests;

public class KeyHasherTests
{
    [Fact]
    public void Finish_LinesSplitDifferently_GiveDifferentKeys()
    {
        var a = new KeyHasher("t").Line("x", "ab", "c").Finish();
        var b = new KeyHasher("t").Line("x", "a", "bc").Finish();
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Finish_SameLines_SameKey_AndEchoesEveryLine()
    {
        var echo = new StringWriter();
        var a = new KeyHasher("t", echo).Line("arg", "go").Line("env", "A", "1").Finish();
        var b = new KeyHasher("t").Line("arg", "go").Line("env", "A", "1").Finish();
        Assert.Equal(a, b);
        Assert.Equal("[t] domain 1:t\n[t] arg 2:go\n[t] env 1:A 1:1\n", echo.ToString());
    }
}
