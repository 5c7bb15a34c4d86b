using System.Text;
using Kiln.Go.Test;

namespace Kiln.Go.Tests.Test;

/// The reads a test log names that key a cached result: workspace files outside the sandbox, as go test
/// rechecks files inside the module root only.
public sealed class TestReadsTests
{
    private const string Workspace = "/home/u/repo";
    private const string Store = "/home/u/.cache/kiln";

    private static IReadOnlyList<string>? Parse(string log) => TestReads.Parse(Encoding.UTF8.GetBytes(log), Workspace, Store);

    [Fact]
    public void Parse_KeepsWorkspacePathsOnly_SortedAndCleaned()
    {
        var log = "# test log\n"                                                               // Given
            + "getenv HOME\n"
            + "open testdata/in.txt\n"                                  // relative: in the sandbox, covered by the key
            + "open /home/u/repo/data/b.txt\n"
            + "stat /home/u/repo/pkg/../data/a.txt\n"
            + "open /etc/hosts\n"                                       // outside the workspace: go does not recheck it
            + "open /home/u/.cache/kiln/sandboxes/1/pkg/x\n"            // the sandbox
            + "open /home/u/repo/data/b.txt\n"
            + "open /home/u/repository/c.txt\n";                        // a sibling with the same prefix

        var reads = Parse(log);                                                                 // When

        Assert.Equal(["/home/u/repo/data/a.txt", "/home/u/repo/data/b.txt"], reads);           // Then
    }

    [Fact]
    public void Parse_RelativeNamesAfterChdirIntoTheWorkspace_Count()
    {
        var reads = Parse("# test log\nchdir /home/u/repo/other\nopen f.txt\nchdir /tmp\nopen g.txt\n");  // Given, When

        Assert.Equal(["/home/u/repo/other/f.txt"], reads);                                      // Then
    }

    [Theory]
    [InlineData("# test log\nopen\n")]
    [InlineData("# test log\nwrite /home/u/repo/x\n")]
    public void Parse_MalformedLog_IsNull(string log) => Assert.Null(Parse(log));
}
