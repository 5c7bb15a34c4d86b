namespace Kiln.E2E.Tests;

/// `kiln test -ldflags`: a test binary is linked with its tested package's linker flags (load/test.go), compared with
/// go test; the flags are part of the cached result's key.
public sealed partial class TestCommandTests
{
    [Fact]
    public async Task Test_Ldflags_LinkEachTestBinaryWithItsPackagesFlags_LikeGoTest()
    {
        var ws = System.IO.Path.Combine(fixture.Path, "test-ldflags");                                     // Given
        WorkspaceFiles.Write(ws, "go.mod", "module example.com/tl\n\ngo 1.22\n");
        foreach (var name in new[] { "one", "two" })
        {
            WorkspaceFiles.Write(ws, $"{name}/{name}.go", $"package {name}\n\nvar Version = \"dev\"\n");
            WorkspaceFiles.Write(ws, $"{name}/{name}_test.go",
                $"package {name}\n\nimport \"testing\"\n\nfunc TestVersion(t *testing.T) {{ t.Log(\"version \" + Version) }}\n");
        }
        string[] flags = ["-ldflags", "-X example.com/tl/one.Version=1.0 -X example.com/tl/two.Version=1.0", "-ldflags", "./two=-X 'example.com/tl/two.Version=2 x'"];

        var run = await fixture.Kiln.RunAsync(ws, ["test", "-v", "./...", "--allow-download", .. flags]);   // When
        var again = await fixture.Kiln.RunAsync(ws, ["test", "-v", "./...", .. flags]);
        var other = await fixture.Kiln.RunAsync(ws, "test", "-v", "./...", "-ldflags", "-X example.com/tl/one.Version=1.1");
        var go = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, ["test", "-count=1", "-v", "./...", .. flags]);

        Assert.True(run.ExitCode == 0, run.ToString());                                                    // Then
        Assert.True(go.ExitCode == 0, go.Stderr);
        static string Versions(string stdout) => string.Join('\n', stdout.Split('\n').Select(l => l.Trim()).Where(l => l.Contains(": version ", StringComparison.Ordinal)));
        Assert.Equal(Versions(go.Stdout), Versions(run.Stdout));
        Assert.Matches("one_test.go:\\d+: version 1.0\n.*two_test.go:\\d+: version 2 x", Versions(run.Stdout));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.All(TestVerdicts.Times(again.Stdout).Values, t => Assert.Equal("(cached)", t));
        Assert.True(other.ExitCode == 0, other.ToString());
        Assert.Matches("one_test.go:\\d+: version 1.1\n.*two_test.go:\\d+: version dev", Versions(other.Stdout));   // not the cached runs
    }
}
