using Kiln.Cli.Commands;

namespace Kiln.Cli.Tests;

public class TestArgsTests
{
    [Fact]
    public void SplitArgs_Test_VerboseIsGoTestsAndArgsGoToTheBinary()
    {
        var (args, binary) = TestCommand.SplitArgs(["-j", "4", "test", "./...", "-v", "-run", "X", "-args", "-v", "x"]);

        Assert.Equal(["-j", "4", "test", "./...", TestCommand.VerboseToken, "-run", "X"], args);
        Assert.Equal(["-v", "x"], binary);
    }

    [Fact]
    public void SplitArgs_OtherCommands_Untouched()
    {
        string[] line = ["-v", "build", "./...", "-args"];

        var (args, binary) = TestCommand.SplitArgs(line);

        Assert.Equal(line, args);
        Assert.Empty(binary);
    }
}
