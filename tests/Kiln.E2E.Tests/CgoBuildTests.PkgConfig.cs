namespace Kiln.E2E.Tests;

/// `#cgo pkg-config:` resolved as go resolves it: pkg-config run on the host with the user's PKG_CONFIG_PATH,
/// its flags in the cgo compile (and so its key), asked again every run so a changed .pc file rebuilds. Part of
/// the cgo build tests, whose store has std compiled with cgo already.
public sealed partial class CgoBuildTests
{
    private const string Main = """
        package main

        /*
        #cgo pkg-config: kilnval
        #include <math.h>
        static int value(void) { return KILN_VAL; }
        */
        import "C"

        import "fmt"

        func main() { fmt.Println(int(C.value()), float64(C.sqrt(16))) }
        """;

    [Fact]
    public async Task Build_PkgConfigDirective_UsesItsFlagsLikeGoBuild_AndFollowsThePcFile()
    {
        var ws = Path.Combine(fixture.Path, "pc");                                                  // Given
        var pcDir = Path.Combine(fixture.Path, "pkgconfig");
        Directory.CreateDirectory(Path.Combine(ws, "cmd", "pc"));
        Directory.CreateDirectory(pcDir);
        File.WriteAllText(Path.Combine(ws, "go.mod"), "module example.com/pc\n\ngo 1.22\n");
        File.WriteAllText(Path.Combine(ws, "cmd", "pc", "main.go"), Main);
        var pc = Path.Combine(pcDir, "kilnval.pc");
        void WritePc(int value) => File.WriteAllText(pc, $"Name: kilnval\nDescription: a test library\nVersion: 1.0\nCflags: -DKILN_VAL={value}\nLibs: -lm\n");
        WritePc(42);
        var env = new Dictionary<string, string> { ["CGO_ENABLED"] = "1", ["PKG_CONFIG_PATH"] = pcDir };
        var goBinary = Path.Combine(fixture.Path, "go-bin", "pc");
        await GoTool.RunAsync(ws, fixture.GoScratch, env, "build", "-trimpath", "-o", goBinary, "./cmd/pc");
        var kiln = new KilnProcess(fixture.StoreRoot, new Dictionary<string, string> { ["GOPROXY"] = "file://" + Corpus.ProxyDir, ["PKG_CONFIG_PATH"] = pcDir });
        var binary = Path.Combine(ws, "dist", "cmd", "pc", "pc");

        var first = await kiln.RunAsync(ws, "build", "./cmd/pc", "--cgo", "1", "--allow-download");  // When
        var noop = await kiln.RunAsync(ws, "build", "./cmd/pc", "--cgo", "1");

        Assert.True(first.ExitCode == 0, first.ToString());                                           // Then
        Assert.Equal("exit 0\n42 4\n", await ProgramOutput.RunAsync(goBinary));
        Assert.Equal("exit 0\n42 4\n", await ProgramOutput.RunAsync(binary));
        Assert.True(noop.ExitCode == 0, noop.ToString());
        Assert.Equal(0, noop.Summary!.Value.GetProperty("actions").GetProperty("executed").GetInt64());

        WritePc(43);                                                                                // the .pc file changes
        var changed = await kiln.RunAsync(ws, "build", "./cmd/pc", "--cgo", "1");
        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.Equal("exit 0\n43 4\n", await ProgramOutput.RunAsync(binary));

        var missing = await new KilnProcess(fixture.StoreRoot, new Dictionary<string, string> { ["PKG_CONFIG_PATH"] = Path.Combine(fixture.Path, "none") })
            .RunAsync(ws, "build", "./cmd/pc", "--cgo", "1");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("pkg-config failed for a cgo package", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("kilnval", missing.Stderr, StringComparison.Ordinal);
    }
}
