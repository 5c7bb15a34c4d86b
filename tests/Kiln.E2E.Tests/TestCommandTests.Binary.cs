namespace Kiln.E2E.Tests;

/// go test's -c (build the test binaries, run none) and -o (where they go), compared with go test: the same
/// output, the same files written, a kept binary that runs its tests, and go's refusal of -o with several packages.
public sealed partial class TestCommandTests
{
    private string BinaryWorkspace(string name)
    {
        var ws = System.IO.Path.Combine(fixture.Path, "test-binary", name);
        WorkspaceFiles.Write(ws, "go.mod", "module example.com/tb\n\ngo 1.22\n");
        WorkspaceFiles.Write(ws, "notests/n.go", "package notests\n");
        WorkspaceFiles.Write(ws, "calc/calc.go", "package calc\n\nfunc Add(a, b int) int { return a + b }\n");
        WorkspaceFiles.Write(ws, "calc/calc_test.go", "package calc\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal(Add(1, 2))\n\t}\n}\n");
        WorkspaceFiles.Write(ws, "util/v2/u.go", "package util\n\nfunc One() int { return 1 }\n");
        WorkspaceFiles.Write(ws, "util/v2/u_test.go", "package util\n\nimport \"testing\"\n\nfunc TestOne(t *testing.T) {\n\tif One() != 1 {\n\t\tt.Fatal()\n\t}\n}\n");
        return ws;
    }

    private static string[] TestFiles(string dir) =>
        [.. Directory.EnumerateFiles(dir, "*.test", SearchOption.AllDirectories).Select(f => System.IO.Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Test_CompileOnlyAndOutput_WriteTheBinariesGoTestWrites()
    {
        var goWs = BinaryWorkspace("go");                                                            // Given
        var kilnWs = BinaryWorkspace("kiln");
        var goC = await GoTool.TryRunAsync(goWs, fixture.GoScratch, null, "test", "-c", "./...");
        var goO = await GoTool.TryRunAsync(goWs, fixture.GoScratch, null, "test", "-o", "bin/", "./...");

        var kilnC = await fixture.Kiln.RunAsync(kilnWs, "test", "-c", "./...", "--allow-download"); // When
        var kilnO = await fixture.Kiln.RunAsync(kilnWs, "test", "-o", "bin/", "./...");
        var tooMany = await fixture.Kiln.RunAsync(kilnWs, "test", "-c", "-o", "one.test", "./...");
        var run = await ProgramOutput.RunAsync(System.IO.Path.Combine(kilnWs, "calc.test"), "-test.v");

        Assert.Equal(0, goC.ExitCode);                                                               // Then
        Assert.True(kilnC.ExitCode == 0, kilnC.ToString());
        Assert.Equal(goC.Stdout, kilnC.Stdout);                                                      // only `?  …  [no test files]`
        Assert.Equal(["bin/calc.test", "bin/util.test", "calc.test", "util.test"], TestFiles(goWs));
        Assert.Equal(TestFiles(goWs), TestFiles(kilnWs));
        Assert.Equal(TestVerdicts.Parse(goO.Stdout), TestVerdicts.Parse(kilnO.Stdout));             // -o still runs them
        Assert.Contains("--- PASS: TestAdd", run, StringComparison.Ordinal);
        Assert.Equal(2, tooMany.ExitCode);
        Assert.Contains("with multiple packages, -o must refer to a directory or /dev/null", tooMany.Stderr, StringComparison.Ordinal);
    }
}
