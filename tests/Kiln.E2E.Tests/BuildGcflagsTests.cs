namespace Kiln.E2E.Tests;

/// `-gcflags` and `-asmflags` as go build takes them (`[pattern=]flags`, repeatable, GOFLAGS' first), compared with
/// `go build -trimpath` given the same flags: the same symbols at the same sizes (what the compiler's flags change),
/// the same build information, and the assembler's -D seen by the program.
public sealed partial class BuildTests
{
    private string FlagsWorkspace()
    {
        var root = System.IO.Path.Combine(fixture.Path, "gcflags");
        void Write(string rel, string text) => WorkspaceFiles.Write(root, rel, text);
        Write("go.mod", "module example.com/gc\n\ngo 1.22\n");
        Write("cmd/app/main.go", "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/gc/internal/lib\"\n)\n\nfunc main() { fmt.Println(lib.Twice(21), lib.Value()) }\n");
        Write("internal/lib/lib.go", "package lib\n\nfunc Twice(n int) int { return n * 2 }\n\n// Value is 2 when assembled with -D FOO.\nfunc Value() int64\n");
        Write("internal/lib/value_amd64.s", "#include \"textflag.h\"\n\nTEXT ·Value(SB), NOSPLIT, $0-8\n#ifdef FOO\n\tMOVQ $2, ret+0(FP)\n#else\n\tMOVQ $1, ret+0(FP)\n#endif\n\tRET\n");
        return root;
    }

    [Theory]
    [InlineData("-gcflags=all=-N -l")]
    [InlineData("-gcflags=-N -l")]                                                          // the named package only
    [InlineData("-gcflags=example.com/gc/internal/...=-l|-gcflags=std=-B|-asmflags=./internal/lib=-D FOO")]
    public async Task Build_PerPackageFlags_CompileAndAssembleAsGoBuild(string flags)
    {
        var ws = FlagsWorkspace();                                                               // Given
        var args = flags.Split('|');
        var goBinary = System.IO.Path.Combine(fixture.Path, "go-bin", "gcflags", "app");
        await GoTool.RunAsync(ws, fixture.GoScratch, NoCgo, ["build", "-trimpath", .. args, "-o", goBinary, "./cmd/app"]);

        var run = await fixture.Kiln.RunAsync(ws, ["build", "./cmd/app", "--allow-download", "--cgo", "0", .. args]);   // When
        var kilnBinary = System.IO.Path.Combine(ws, "dist", "cmd", "app", "app");

        Assert.True(run.ExitCode == 0, run.ToString());                                          // Then
        var expected = flags.Contains("-D FOO", StringComparison.Ordinal) ? "exit 0\n42 2\n" : "exit 0\n42 1\n";
        Assert.Equal(expected, await ProgramOutput.RunAsync(goBinary));
        Assert.Equal(expected, await ProgramOutput.RunAsync(kilnBinary));
        Assert.Equal(await Symbols(ws, goBinary), await Symbols(ws, kilnBinary));
        Assert.Equal(await BuildInfo(ws, goBinary), await BuildInfo(ws, kilnBinary));
    }

    [Fact]
    public async Task Build_GcflagsFromGoflags_AndABadValue_AsGoReadsThem()
    {
        var ws = FlagsWorkspace();                                                               // Given
        var goBinary = System.IO.Path.Combine(fixture.Path, "go-bin", "gcflags-env", "app");
        var env = new Dictionary<string, string>(NoCgo) { ["GOFLAGS"] = "-gcflags=all=-l" };
        await GoTool.RunAsync(ws, fixture.GoScratch, env, "build", "-trimpath", "-o", goBinary, "./cmd/app");

        var run = await new KilnProcess(fixture.StoreRoot, env).RunAsync(ws, "build", "./cmd/app", "--allow-download");   // When
        var bad = await fixture.Kiln.RunAsync(ws, "build", "./cmd/app", "-gcflags", "./cmd/app");

        Assert.True(run.ExitCode == 0, run.ToString());                                          // Then
        Assert.Equal(await Symbols(ws, goBinary), await Symbols(ws, System.IO.Path.Combine(ws, "dist", "cmd", "app", "app")));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("invalid value \"./cmd/app\" for flag -gcflags: missing =<value> in <pattern>=<value>", bad.Stderr, StringComparison.Ordinal);
    }

    private async Task<string> Symbols(string ws, string binary) =>
        (await GoTool.TryRunAsync(ws, fixture.GoScratch, NoCgo, "tool", "nm", "-size", "-sort", "address", binary)).Stdout;

    private async Task<string> BuildInfo(string ws, string binary)
    {
        var text = (await GoTool.TryRunAsync(ws, fixture.GoScratch, NoCgo, "version", "-m", binary)).Stdout;
        return text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..];                       // without the file name
    }
}
