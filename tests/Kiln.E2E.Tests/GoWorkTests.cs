namespace Kiln.E2E.Tests;

/// A go.work over two modules, as monorepos lay them out: `app` requires `example.com/lib v0.0.0` (the
/// placeholder version; go.work's replace points it at the workspace's `lib`), `lib` requires a third-party
/// module from the corpus proxy. Every command is compared with the go command in workspace mode.
public sealed class GoWorkTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    // The godebug line sets the GODEBUG defaults of main packages in workspace mode (not app/go.mod's go line).
    // The replace is what go itself needs here: lib requires a module, so go loads the graph, placeholder included.
    private const string GoWork = "go 1.23\n\nuse (\n\t./app\n\t./lib\n)\n\nreplace example.com/lib v0.0.0 => ./lib\n\ngodebug (\n\tpanicnil=1\n)\n";

    private string Workspace(string name)
    {
        var ws = Path.Combine(fixture.Path, name);
        Write(ws, "go.work", GoWork);
        Write(ws, "lib/go.mod", "module example.com/lib\n\ngo 1.23\n\nrequire github.com/google/uuid v1.3.0\n");
        Write(ws, "lib/go.sum", "github.com/google/uuid v1.3.0 h1:2Ajak/s9ond9xWZtWglNUouVyMHz28G7Z8R0e18RxNs=\n"
            + "github.com/google/uuid v1.3.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=\n");
        Write(ws, "lib/lib.go", "package lib\n\nimport \"github.com/google/uuid\"\n\n"
            + "func Greeting(name string) string {\n\treturn \"hello \" + name + \" \" + uuid.NewSHA1(uuid.NameSpaceDNS, []byte(name)).String()\n}\n");
        Write(ws, "lib/lib_test.go", "package lib\n\nimport \"testing\"\n\nfunc TestGreeting(t *testing.T) {\n\tif Greeting(\"x\")[:7] != \"hello x\" {\n\t\tt.Fatal(\"bad\")\n\t}\n}\n");
        Write(ws, "app/go.mod", "module example.com/app\n\ngo 1.21\n\nrequire example.com/lib v0.0.0\n");
        Write(ws, "app/cmd/hello/main.go", "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/lib\"\n)\n\nfunc main() { fmt.Println(lib.Greeting(\"kiln\")) }\n");
        return ws;
    }

    private static void Write(string root, string rel, string text) => WorkspaceFiles.Write(root, rel, text);

    private static Dictionary<string, string> GoEnv(string goWork) => new() { ["GOWORK"] = goWork, ["CGO_ENABLED"] = "0" };

    [Fact]
    public async Task GoWork_DownloadBuildTestListRun_AsGoDoes()
    {
        var ws = Workspace("gowork");                                                                // Given
        var env = GoEnv(Path.Combine(ws, "go.work"));
        var goBin = Path.Combine(fixture.Path, "gowork-go-bin");
        await GoTool.RunAsync(ws, fixture.GoScratch, env, "build", "-trimpath", "-o", goBin + "/", "./app/...");
        var goTest = await GoTool.TryRunAsync(ws, fixture.GoScratch, env, "test", "./lib/...");
        var goList = await GoTool.RunAsync(ws, fixture.GoScratch, env, "list", "-deps", "./app/...", "./lib/...");

        var download = await fixture.Kiln.RunAsync(ws, "mod", "download");                            // When
        var build = await fixture.Kiln.RunAsync(ws, "build", "./app/...", "--cgo", "0");
        var test = await fixture.Kiln.RunAsync(ws, "test", "./lib/...", "--cgo", "0");
        var list = await fixture.Kiln.RunAsync(ws, "list", "--deps", "./app/...", "./lib/...", "--cgo", "0");
        var run = await fixture.Kiln.RunAsync(Path.Combine(ws, "app"), "run", "./cmd/hello", "--cgo", "0");

        Assert.True(download.ExitCode == 0, download.ToString());                                    // Then
        Assert.True(build.ExitCode == 0, build.ToString());
        var goOutput = await ProgramOutput.RunAsync(Path.Combine(goBin, "hello"));
        Assert.StartsWith("exit 0\nhello kiln ", goOutput, StringComparison.Ordinal);
        Assert.Equal(goOutput, await ProgramOutput.RunAsync(Path.Combine(ws, "dist", "app", "cmd", "hello", "hello")));
        async Task<string> BuildInfo(string binary)
        {
            var text = await GoTool.RunAsync(ws, fixture.GoScratch, env, "version", "-m", binary);
            return text[text.IndexOf('\n', StringComparison.Ordinal)..];
        }
        Assert.Contains("DefaultGODEBUG=panicnil=1\n", await BuildInfo(Path.Combine(goBin, "hello")), StringComparison.Ordinal);
        Assert.Equal(await BuildInfo(Path.Combine(goBin, "hello")), await BuildInfo(Path.Combine(ws, "dist", "app", "cmd", "hello", "hello")));
        Assert.Equal(0, goTest.ExitCode);
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Equal(TestVerdicts.Parse(goTest.Stdout), TestVerdicts.Parse(test.Stdout));
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal(goList, list.Stdout);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(goOutput["exit 0\n".Length..], run.Stdout);
    }

    [Fact]
    public async Task GoWork_PlaceholderRequirementWithoutReplace_BuildsAndTestsAsGoDoes()
    {
        var ws = Path.Combine(fixture.Path, "gowork-placeholder");                                   // Given
        Write(ws, "go.work", "go 1.23\n\nuse (\n\t./app\n\t./lib\n)\n");
        Write(ws, "lib/go.mod", "module example.com/lib\n\ngo 1.23\n");
        Write(ws, "lib/lib.go", "package lib\n\nfunc Answer() int { return 42 }\n");
        Write(ws, "lib/lib_test.go", "package lib\n\nimport \"testing\"\n\nfunc TestAnswer(t *testing.T) {\n\tif Answer() != 42 {\n\t\tt.Fatal()\n\t}\n}\n");
        Write(ws, "app/go.mod", "module example.com/app\n\ngo 1.23\n\nrequire example.com/lib v0.0.0\n");
        Write(ws, "app/main.go", "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/lib\"\n)\n\nfunc main() { fmt.Println(lib.Answer()) }\n");
        var env = GoEnv(Path.Combine(ws, "go.work"));
        var goBin = Path.Combine(fixture.Path, "gowork-placeholder-go-bin");
        await GoTool.RunAsync(ws, fixture.GoScratch, env, "build", "-trimpath", "-o", goBin + "/", "./app/...");
        var goTest = await GoTool.TryRunAsync(ws, fixture.GoScratch, env, "test", "./lib/...");

        var download = await fixture.Kiln.RunAsync(ws, "mod", "download");                            // When
        var build = await fixture.Kiln.RunAsync(ws, "build", "./app/...", "--cgo", "0");
        var test = await fixture.Kiln.RunAsync(ws, "test", "./lib/...", "--cgo", "0");

        Assert.True(download.ExitCode == 0, download.ToString());                                    // Then
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal("exit 0\n42\n", await ProgramOutput.RunAsync(Path.Combine(goBin, "app")));
        Assert.Equal("exit 0\n42\n", await ProgramOutput.RunAsync(Path.Combine(ws, "dist", "app", "app")));
        Assert.Equal(0, goTest.ExitCode);
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Equal(TestVerdicts.Parse(goTest.Stdout), TestVerdicts.Parse(test.Stdout));
    }

    [Fact]
    public async Task GoWorkOff_WorkspaceModuleNotRequiredWithSums_FailsAsGoDoes()
    {
        var ws = Workspace("gowork-off");                                                            // Given
        var app = Path.Combine(ws, "app");
        var go = await GoTool.TryRunAsync(app, fixture.GoScratch, GoEnv("off"), "build", "./...");

        var download = await fixture.Kiln.RunAsync(app, "mod", "download");                           // When
        var off = new KilnProcess(fixture.StoreRoot, new Dictionary<string, string> { ["GOPROXY"] = "file://" + Corpus.ProxyDir, ["GOWORK"] = "off" });
        var offDownload = await off.RunAsync(app, "mod", "download");
        var offBuild = await off.RunAsync(app, "build", "./...", "--cgo", "0");
        var relative = await new KilnProcess(fixture.StoreRoot, new Dictionary<string, string> { ["GOWORK"] = "go.work" }).RunAsync(app, "build", "./...");

        Assert.Equal(1, go.ExitCode);                                                                // Then
        Assert.Contains("missing go.sum entry for module providing package example.com/lib", go.Stderr, StringComparison.Ordinal);
        Assert.True(download.ExitCode == 0, download.ToString());
        Assert.True(offDownload.ExitCode == 2, offDownload.ToString());
        Assert.Contains("missing: example.com/lib v0.0.0/go.mod (go.mod:5)", offDownload.Stderr, StringComparison.Ordinal);
        Assert.True(offBuild.ExitCode == 2, offBuild.ToString());
        Assert.Contains("kiln mod download", offBuild.Stderr, StringComparison.Ordinal);
        Assert.True(relative.ExitCode == 2, relative.ToString());
        Assert.Contains("invalid GOWORK: not an absolute path", relative.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", relative.Stderr, StringComparison.Ordinal);
    }
}
