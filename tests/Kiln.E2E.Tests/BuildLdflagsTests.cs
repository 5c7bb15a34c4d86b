namespace Kiln.E2E.Tests;

/// `-ldflags` as go build takes them (split with go's quoting, passed after Kiln's own linker flags), from the
/// command line or GOFLAGS, compared with `go build -trimpath -ldflags`.
public sealed partial class BuildTests
{
    private const string Ldflags = "-s -w -X 'main.version=1.2 x' -X main.commit=abc";

    private string VersionWorkspace(string name)
    {
        var root = System.IO.Path.Combine(fixture.Path, "ldflags", name);
        Directory.CreateDirectory(System.IO.Path.Combine(root, "cmd", "ver"));
        File.WriteAllText(System.IO.Path.Combine(root, "go.mod"), "module example.com/ver\n\ngo 1.22\n");
        File.WriteAllText(System.IO.Path.Combine(root, "cmd", "ver", "main.go"),
            "package main\n\nimport \"fmt\"\n\nvar version, commit = \"dev\", \"none\"\n\nfunc main() { fmt.Println(version, commit) }\n");
        return root;
    }

    [Fact]
    public async Task Build_Ldflags_StripAndDefineLikeGoBuild_FromFlagOrGoflags()
    {
        var ws = VersionWorkspace("flags");                                                      // Given
        var goBinary = System.IO.Path.Combine(fixture.Path, "go-bin", "ldflags", "ver");
        await GoTool.RunAsync(ws, fixture.GoScratch, NoCgo, "build", "-trimpath", "-ldflags", Ldflags, "-o", goBinary, "./cmd/ver");

        var run = await fixture.Kiln.RunAsync(ws, "build", "./cmd/ver", "--allow-download", "--cgo", "0", "-ldflags", Ldflags);   // When
        var kilnBinary = System.IO.Path.Combine(ws, "dist", "cmd", "ver", "ver");

        Assert.True(run.ExitCode == 0, run.ToString());                                          // Then
        Assert.Equal("exit 0\n1.2 x abc\n", await ProgramOutput.RunAsync(goBinary));
        Assert.Equal("exit 0\n1.2 x abc\n", await ProgramOutput.RunAsync(kilnBinary));
        Assert.Equal(new FileInfo(goBinary).Length, new FileInfo(kilnBinary).Length);            // stripped as go strips
        var nm = await GoTool.TryRunAsync(ws, fixture.GoScratch, NoCgo, "tool", "nm", kilnBinary);
        Assert.Contains("no symbols", nm.Stderr, StringComparison.Ordinal);

        var fromGoflags = await new KilnProcess(fixture.StoreRoot, new Dictionary<string, string> { ["GOFLAGS"] = "-ldflags=-X=main.commit=env" })
            .RunAsync(ws, "build", "./cmd/ver", "--allow-download", "--cgo", "0");
        Assert.True(fromGoflags.ExitCode == 0, fromGoflags.ToString());
        Assert.Equal("exit 0\ndev env\n", await ProgramOutput.RunAsync(kilnBinary));
    }

    [Fact]
    public async Task Build_LdflagsExternalLinkmode_LinksWithTheCCompilerLikeGoBuild()
    {
        var ws = VersionWorkspace("external");                                                   // Given
        var goBinary = System.IO.Path.Combine(fixture.Path, "go-bin", "ldflags-external", "ver");
        var cgo = new Dictionary<string, string> { ["CGO_ENABLED"] = "1" };
        await GoTool.RunAsync(ws, fixture.GoScratch, cgo, "build", "-trimpath", "-ldflags", "-linkmode=external -X main.commit=ext", "-o", goBinary, "./cmd/ver");

        var run = await fixture.Kiln.RunAsync(ws, "build", "./cmd/ver", "--allow-download", "--cgo", "1", "-ldflags", "-linkmode=external -X main.commit=ext");   // When
        var kilnBinary = System.IO.Path.Combine(ws, "dist", "cmd", "ver", "ver");

        Assert.True(run.ExitCode == 0, run.ToString());                                          // Then
        Assert.Equal(await ProgramOutput.RunAsync(goBinary), await ProgramOutput.RunAsync(kilnBinary));
        Assert.Contains("dynamically linked", await ProgramOutput.RunAsync("file", goBinary), StringComparison.Ordinal);
        Assert.Contains("dynamically linked", await ProgramOutput.RunAsync("file", kilnBinary), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-o elsewhere", "invalid -ldflags", "-o is set by Kiln")]
    [InlineData("-X 'main.version=unterminated", "invalid value \"-X 'main.version=unterminated\" for flag -ldflags", "unterminated ' string")]   // go's words
    public async Task Build_LdflagsKilnCannotPass_IsAClearError(string ldflags, string error, string why)
    {
        var ws = VersionWorkspace("bad");                                                        // Given

        var run = await fixture.Kiln.RunAsync(ws, "build", "./cmd/ver", "--allow-download", "--cgo", "0", "-ldflags", ldflags);   // When

        Assert.Equal(2, run.ExitCode);                                                           // Then
        Assert.Contains(error, run.Stderr, StringComparison.Ordinal);
        Assert.Contains(why, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_LdflagsWithPatterns_GiveEachBinaryItsFlags_LikeGoBuild()
    {
        var ws = VersionWorkspace("patterns");                                                   // Given
        Directory.CreateDirectory(System.IO.Path.Combine(ws, "cmd", "two"));
        File.Copy(System.IO.Path.Combine(ws, "cmd", "ver", "main.go"), System.IO.Path.Combine(ws, "cmd", "two", "main.go"));
        string[] flags = ["-ldflags", "-X main.commit=all", "-ldflags", "./cmd/two=-X main.version=two", "-ldflags", "example.com/ver/cmd/v...=-X 'main.version=v x'"];
        var goBin = System.IO.Path.Combine(fixture.Path, "go-bin", "ldflags-patterns") + "/";
        await GoTool.RunAsync(ws, fixture.GoScratch, NoCgo, ["build", "-trimpath", .. flags, "-o", goBin, "./..."]);

        var run = await fixture.Kiln.RunAsync(ws, ["build", "./...", "--allow-download", "--cgo", "0", .. flags]);   // When

        Assert.True(run.ExitCode == 0, run.ToString());                                          // Then
        foreach (var (name, expected) in new[] { ("ver", "exit 0\nv x none\n"), ("two", "exit 0\ntwo none\n") })
        {
            Assert.Equal(expected, await ProgramOutput.RunAsync(goBin + name));
            Assert.Equal(expected, await ProgramOutput.RunAsync(System.IO.Path.Combine(ws, "dist", "cmd", name, name)));
        }
    }
}
