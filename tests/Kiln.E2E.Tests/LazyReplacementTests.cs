namespace Kiln.E2E.Tests;

/// A `replace … => ./dir` whose directory is no module (as in go.opentelemetry.io/otel's go.mod, where the
/// nested module is not in the zip): the go command reads it only when a package needs that module, so a build
/// that does not need it succeeds, and one that does fails naming the import and the replace directive.
public sealed class LazyReplacementTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    private const string GoMod = "module example.com/m\n\ngo 1.23\n\nrequire example.com/bridge v0.0.0\n\n"
        + "replace example.com/bridge => ./bridge\n\nreplace example.com/gone => ./gone\n";

    private string Module(string name)
    {
        var ws = Path.Combine(fixture.Path, name);
        Directory.CreateDirectory(ws);
        File.WriteAllText(Path.Combine(ws, "go.mod"), GoMod);
        File.WriteAllText(Path.Combine(ws, "main.go"), "package main\n\nfunc main() { println(\"hi\") }\n");
        return ws;
    }

    private static readonly Dictionary<string, string> NoCgo = new() { ["CGO_ENABLED"] = "0" };

    [Fact]
    public async Task Build_ReplacementNoPackageNeeds_IsNoModule_BuildsAsGoDoes()
    {
        var ws = Module("lazy-unneeded");                                                          // Given
        var goBin = Path.Combine(fixture.Path, "lazy-go-bin");
        await GoTool.RunAsync(ws, fixture.GoScratch, NoCgo, "build", "-o", goBin + "/", "./...");

        var build = await fixture.Kiln.RunAsync(ws, "build", "./...", "--cgo", "0", "--allow-download");   // When

        Assert.True(build.ExitCode == 0, build.ToString());                                        // Then
        Assert.Equal(await ProgramOutput.RunAsync(Path.Combine(goBin, "m")), await ProgramOutput.RunAsync(Path.Combine(ws, "dist", "m")));
    }

    [Fact]
    public async Task Build_ImportOfReplacementThatIsNoModule_FailsNamingTheReplaceLine()
    {
        var ws = Module("lazy-needed");                                                            // Given
        Directory.CreateDirectory(Path.Combine(ws, "use"));
        File.WriteAllText(Path.Combine(ws, "use", "use.go"), "package use\n\nimport _ \"example.com/bridge/x\"\n");
        var go = await GoTool.TryRunAsync(ws, fixture.GoScratch, NoCgo, "build", "./...");

        var build = await fixture.Kiln.RunAsync(ws, "build", "./...", "--cgo", "0", "--allow-download");   // When

        Assert.Equal(1, go.ExitCode);                                                              // Then
        Assert.Contains("use/use.go:3:8: example.com/bridge@v0.0.0: replacement directory ./bridge does not exist", go.Stderr, StringComparison.Ordinal);
        Assert.True(build.ExitCode == 2, build.ToString());
        Assert.Contains("use/use.go:3:8: example.com/bridge/x", build.Stderr, StringComparison.Ordinal);
        Assert.Contains("go.mod:7", build.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", build.Stderr, StringComparison.Ordinal);
    }
}
