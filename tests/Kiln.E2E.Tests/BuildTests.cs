using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// `kiln build` on the corpus workspaces with the real toolchain; `go build -trimpath` is the oracle.
public sealed partial class BuildTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    private static long Build(KilnRun run, string field) => run.Summary!.Value.GetProperty("build").GetProperty(field).GetInt64();

    private string Workspace(string name, string? under = null)
    {
        var dest = System.IO.Path.Combine(fixture.Path, under ?? "ws", name);
        if (Directory.Exists(dest)) return dest;
        return Corpus.CopyWorkspace(name, dest);
    }

    [Theory]
    [InlineData("small")]
    [InlineData("medium")]
    [InlineData("large")]
    public async Task Build_CorpusWorkspace_BinariesBehaveLikeGoBuildAndSecondBuildRunsNothing(string name)
    {
        var ws = Workspace(name);                                                            // Given
        var run = await fixture.Kiln.RunAsync(ws, "build", "./...", "--allow-download");    // When
        Assert.True(run.ExitCode == 0, run.ToString());                                      // Then
        var binaries = Directory.EnumerateFiles(System.IO.Path.Combine(ws, "dist"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(binaries);
        Assert.Equal(binaries.Count, (int)Build(run, "links_executed") + (int)Build(run, "links_cached"));
        var env = new Dictionary<string, string>(); // both at their default CGO_ENABLED: 1 where gcc is installed, as `go env` says
        foreach (var binary in binaries)
        {
            var pkgDir = System.IO.Path.GetRelativePath(System.IO.Path.Combine(ws, "dist"), System.IO.Path.GetDirectoryName(binary)!);
            var goBinary = System.IO.Path.Combine(fixture.Path, "go-bin", name, pkgDir, System.IO.Path.GetFileName(binary));
            await GoTool.RunAsync(ws, fixture.GoScratch, env, "build", "-trimpath", "-o", goBinary, "./" + pkgDir);
            Assert.Equal(await ProgramOutput.RunAsync(goBinary, "--help"), await ProgramOutput.RunAsync(binary, "--help"));
            Assert.Equal(ModInfo(await GoTool.RunAsync(ws, fixture.GoScratch, env, "version", "-m", goBinary)),
                ModInfo(await GoTool.RunAsync(ws, fixture.GoScratch, env, "version", "-m", binary)));
        }

        var written = binaries.Select(File.GetLastWriteTimeUtc).ToList();
        var again = await fixture.Kiln.RunAsync(ws, "build", "./...");                      // a second build
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(written, binaries.Select(File.GetLastWriteTimeUtc).ToList());          // identical binaries are not rewritten
        Assert.Equal(0, Build(again, "compiles_executed"));
        Assert.Equal(0, Build(again, "links_executed"));
        Assert.Equal(0, again.Summary!.Value.GetProperty("actions").GetProperty("executed").GetInt64());
    }

    [Fact]
    public async Task Build_BodyEditInCorePackage_RecompilesOnlyThatPackageAndRelinks()
    {
        var ws = Workspace("small", "incremental");                                          // Given
        Assert.Equal(0, (await fixture.Kiln.RunAsync(ws, "build", "./...", "--allow-download")).ExitCode);
        var stats = System.IO.Path.Combine(ws, "internal", "stats", "stats.go");
        var source = File.ReadAllText(stats);
        File.WriteAllText(stats, source.Replace("if len([]rune(w)) < opt.MinLen || w == \"\" ||", "if w == \"\" || len([]rune(w)) < opt.MinLen ||", StringComparison.Ordinal));
        Assert.NotEqual(source, File.ReadAllText(stats));

        var body = await fixture.Kiln.RunAsync(ws, "build", "./...");                        // When: a body-only edit
        Assert.True(body.ExitCode == 0, body.ToString());                                    // Then
        Assert.Equal(1, Build(body, "compiles_executed"));
        Assert.Equal(1, Build(body, "links_executed"));

        File.AppendAllText(stats, "\n// Extra is new API.\nfunc Extra() int { return 1 }\n");
        var api = await fixture.Kiln.RunAsync(ws, "build", "./...");                         // When: an API edit
        Assert.True(api.ExitCode == 0, api.ToString());                                      // Then: render and the main package recompile too
        Assert.Equal(3, Build(api, "compiles_executed"));
        Assert.Equal(1, Build(api, "links_executed"));
    }

    [Fact]
    public async Task Build_CleanRebuildInNewStoreAndDirectory_IsBitIdentical()
    {
        var first = Workspace("small", "repro-a");                                           // Given
        Assert.Equal(0, (await fixture.Kiln.RunAsync(first, "build", "./...", "--allow-download")).ExitCode);
        using var other = new TempDirectory("kiln-e2e-repro");
        var second = Corpus.CopyWorkspace("small", other.Combine("elsewhere", "small"));
        var kiln = new KilnProcess(other.Combine("store"), new Dictionary<string, string> { ["GOPROXY"] = "file://" + Corpus.ProxyDir });

        var run = await kiln.RunAsync(second, "build", "./...", "--allow-download");         // When
        Assert.True(run.ExitCode == 0, run.ToString());                                      // Then
        Assert.True(Build(run, "compiles_executed") > 50, "the new store compiled std itself");
        var rel = System.IO.Path.Combine("dist", "cmd", "wordstat", "wordstat");
        Assert.Equal(File.ReadAllBytes(System.IO.Path.Combine(first, rel)), File.ReadAllBytes(System.IO.Path.Combine(second, rel)));
    }

    [Fact]
    public async Task Build_CompileError_ShowsCompilerMessageWithWorkspacePathsAndExits1()
    {
        var ws = Workspace("small", "broken");                                               // Given
        File.AppendAllText(System.IO.Path.Combine(ws, "internal", "stats", "stats.go"), "\nfunc broken() int { return \"x\" }\n");

        var run = await fixture.Kiln.RunAsync(ws, "build", "./...", "--allow-download");    // When

        Assert.Equal(1, run.ExitCode);                                                       // Then
        Assert.Contains("internal/stats/stats.go:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("cannot use \"x\"", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("/root/", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    /// What `go version -m` says apart from the file name: main package, modules with sums, build settings.
    private static string ModInfo(string versionM) => string.Join('\n', versionM.Split('\n').Skip(1));

}
