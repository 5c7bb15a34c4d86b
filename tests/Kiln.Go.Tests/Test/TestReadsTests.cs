using System.Text;
using Kiln.Go.Test;

namespace Kiln.Go.Tests.Test;

/// The reads a test log names that key a cached result: workspace files outside what the key covers (the
/// package's files and testdata), read as go reads names (relative to the package's directory), with sandbox
/// paths standing for the workspace paths they mirror, as go test rechecks files inside the module root only.
public sealed class TestReadsTests
{
    private const string Workspace = "/home/u/repo";
    private const string Store = "/home/u/.cache/kiln";

    private const string Sandboxes = Store + "/sandboxes";

    private static IReadOnlyList<string>? Parse(string log, string packageDir = "pkg") =>
        TestReads.Parse(Encoding.UTF8.GetBytes(log), new TestReads.Scope(Workspace, packageDir, Store, Sandboxes));

    [Fact]
    public void Parse_KeepsWorkspacePathsOnly_SortedAndCleaned()
    {
        var log = "# test log\n"                                                               // Given
            + "getenv HOME\n"
            + "open testdata/in.txt\n"                                  // relative: in the sandbox, covered by the key
            + "open /home/u/repo/data/b.txt\n"
            + "stat /home/u/repo/pkg/../data/a.txt\n"
            + "open /etc/hosts\n"                                       // outside the workspace: go does not recheck it
            + "open /home/u/.cache/kiln/blobs/ab/cd\n"                // the store
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

    [Fact]
    public void Parse_RelativeNames_AreReadFromThePackageDirectory_OutsideItCount()
    {
        var log = "# test log\n"                                                               // Given
            + "open ../testdata/golden.txt\n"                            // a parent's testdata, through the view
            + "stat ../../go.mod\n"                                      // the module root (workspace root here)
            + "open pkg_test.go\n"                                       // the package's own files: covered
            + "open testdata/deep/x.txt\n"                               // its testdata: covered
            + "stat .\n";

        var reads = Parse(log, packageDir: "a/pkg");                                            // When

        Assert.Equal(["/home/u/repo/a/testdata/golden.txt", "/home/u/repo/go.mod"], reads);    // Then
    }

    [Fact]
    public void Parse_SandboxPaths_StandForTheWorkspacePathsTheyMirror_KilnsOwnFilesDoNot()
    {
        var log = "# test log\n"                                                               // Given
            + "stat /home/u/.cache/kiln/sandboxes/s1/root/go.mod\n"      // found by walking up from os.Getwd()
            + "open /home/u/.cache/kiln/sandboxes/s1/root/pkg/testdata/in.txt\n"  // the package's testdata: covered
            + "open /home/u/.cache/kiln/sandboxes/s1/root/.kiln/cover/x\n"        // Kiln's: coverage
            + "open /home/u/.cache/kiln/sandboxes/s1/stdout\n"                    // outside the root
            + "chdir /home/u/.cache/kiln/sandboxes/s1/root/other\n"
            + "open f.txt\n";

        var reads = Parse(log);                                                                 // When

        Assert.Equal(["/home/u/repo/go.mod", "/home/u/repo/other/f.txt"], reads);               // Then
    }

    [Theory]
    [InlineData("# test log\nopen\n")]
    [InlineData("# test log\nwrite /home/u/repo/x\n")]
    public void Parse_MalformedLog_IsNull(string log) => Assert.Null(Parse(log));
}
