namespace Kiln.E2E.Tests;

/// A workspace with symlink loops (`loop1 -> loop2 -> loop1` beside the packages, `a/up -> ..`): the go
/// command builds, lists and tests it (its `./...` does not follow symlinked directories, and a link that
/// does not resolve is no file); Kiln does the same instead of "check permissions and free disk space".
public sealed class SymlinkLoopTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    [Fact]
    public async Task BuildListTest_WorkspaceWithSymlinkLoops_BehaveLikeGo()
    {
        var ws = System.IO.Path.Combine(fixture.Path, "symlink-loops");                     // Given
        Directory.CreateDirectory(System.IO.Path.Combine(ws, "a"));
        File.WriteAllText(System.IO.Path.Combine(ws, "go.mod"), "module example.com/loops\n\ngo 1.23\n");
        File.WriteAllText(System.IO.Path.Combine(ws, "main.go"), "package main\n\nimport \"example.com/loops/a\"\n\nfunc main() { println(a.A()) }\n");
        File.WriteAllText(System.IO.Path.Combine(ws, "a", "a.go"), "package a\n\n// A is 42.\nfunc A() int { return 42 }\n");
        File.WriteAllText(System.IO.Path.Combine(ws, "a", "a_test.go"), "package a\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) {\n\tif A() != 42 {\n\t\tt.Fatal(A())\n\t}\n}\n");
        File.CreateSymbolicLink(System.IO.Path.Combine(ws, "loop1"), "loop2");
        File.CreateSymbolicLink(System.IO.Path.Combine(ws, "loop2"), "loop1");
        File.CreateSymbolicLink(System.IO.Path.Combine(ws, "a", "up"), "..");
        File.CreateSymbolicLink(System.IO.Path.Combine(ws, "a", "self"), "self");
        var env = new Dictionary<string, string> { ["CGO_ENABLED"] = "0" };
        var goBuild = await GoTool.TryRunAsync(ws, fixture.GoScratch, env, "build", "./...");
        var goList = await GoTool.TryRunAsync(ws, fixture.GoScratch, env, "list", "./...");
        var goTest = await GoTool.TryRunAsync(ws, fixture.GoScratch, env, "test", "./...");

        var build = await fixture.Kiln.RunAsync(ws, "build", "./...", "--cgo", "0", "--allow-download");   // When
        var list = await fixture.Kiln.RunAsync(ws, "list", "./...", "--cgo", "0");
        var test = await fixture.Kiln.RunAsync(ws, "test", "./...", "--cgo", "0");

        Assert.True(goBuild.ExitCode == 0, goBuild.Stderr);                                // Then
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal(goList.Stdout, list.Stdout);
        Assert.Equal(0, goTest.ExitCode);
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Equal(TestVerdicts.Parse(goTest.Stdout), TestVerdicts.Parse(test.Stdout));
    }
}
