namespace Kiln.E2E.Tests;

/// `kiln build` on small synthetic workspaces: --keep-going, plain (non-terminal) output, the per-action
/// summary figures, and default GODEBUG from go.mod godebug lines and //go:debug directives.
public sealed partial class BuildTests
{
    private string Synthetic(string name, params (string Path, string Text)[] files)
    {
        var dir = System.IO.Path.Combine(fixture.Path, "syn", name);
        if (Directory.Exists(dir)) return dir;
        foreach (var (path, text) in files)
        {
            var full = System.IO.Path.Combine(dir, path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        return dir;
    }

    private string TwoBrokenPackages() => Synthetic("keepgoing",
        ("go.mod", "module example.com/kg\n\ngo 1.22\n"),
        ("a/a.go", "package a\n\nvar X int = \"a\"\n"),
        ("b/b.go", "package b\n\nfunc F() int { return \"b\" }\n"),
        ("cmd/good/main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"good\") }\n"),
        ("cmd/bad/main.go", "package main\n\nimport \"example.com/kg/a\"\n\nfunc main() { println(a.X) }\n"));

    [Fact]
    public async Task Build_KeepGoingWithTwoBrokenPackages_ReportsBothAndWritesTheGoodBinary()
    {
        var ws = TwoBrokenPackages();                                                        // Given
        var run = await fixture.Kiln.RunAsync(ws, "build", "./...", "-k", "--allow-download");   // When

        Assert.True(run.ExitCode == 1, run.ToString());                                      // Then
        Assert.Contains("a/a.go:3:13: cannot use \"a\"", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("b/b.go:3:23: cannot use \"b\"", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("/root/", run.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(System.IO.Path.Combine(ws, "dist", "cmd", "good", "good")), run.ToString());
        Assert.False(File.Exists(System.IO.Path.Combine(ws, "dist", "cmd", "bad", "bad")));
        Assert.Equal(System.IO.Path.Combine("dist", "cmd", "good", "good") + "\n", run.Stdout);
        Assert.Contains("built: ", run.Stderr, StringComparison.Ordinal);                    // plain output: summary line, no escapes
        Assert.DoesNotContain('\u001b', run.Stderr + run.Stdout);
        Assert.Equal(1, Build(run, "links_executed") + Build(run, "links_cached"));
    }

    [Fact]
    public async Task Build_BrokenPackagesWithoutKeepGoing_Exits1WithACompileError()
    {
        var ws = TwoBrokenPackages();                                                        // Given
        var run = await fixture.Kiln.RunAsync(ws, "build", "./...", "--allow-download");    // When

        Assert.True(run.ExitCode == 1, run.ToString());                                      // Then
        Assert.Matches(@"(a/a\.go:3:13|b/b\.go:3:23): cannot use", run.Stderr);
        Assert.Empty(run.Stdout);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', run.Stderr);
    }

    [Fact]
    public async Task Build_SmallWorkspace_SummaryHasPerActionBytes()
    {
        var ws = Synthetic("summary",                                                        // Given
            ("go.mod", "module example.com/sum\n\ngo 1.22\n"),
            ("lib/lib.go", "package lib\n\nfunc Msg() string { return \"hi\" }\n"),
            ("main.go", "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/sum/lib\"\n)\n\nfunc main() { fmt.Println(lib.Msg()) }\n"));
        await fixture.Kiln.RunAsync(ws, "build", "./...", "--allow-download");             // std already compiled, maybe
        File.AppendAllText(System.IO.Path.Combine(ws, "lib", "lib.go"), "\nfunc More() int { return 1 }\n");

        var run = await fixture.Kiln.RunAsync(ws, "build", "./...");                       // When: lib, main and the link run

        Assert.True(run.ExitCode == 0, run.ToString());                                      // Then
        var perAction = run.Summary!.Value.GetProperty("per_action");
        long Field(string name) => perAction.GetProperty(name).GetInt64();
        Assert.True(Field("sandboxes") >= 3, perAction.ToString());
        Assert.InRange(Field("bytes_materialized_p50"), 1, Field("bytes_materialized_p99"));
        Assert.InRange(Field("bytes_materialized_p99"), 1, Field("bytes_materialized_max"));
        var bytes = run.Summary!.Value.GetProperty("bytes");
        Assert.True(bytes.GetProperty("materialized_by_link").GetInt64() + bytes.GetProperty("materialized_by_copy").GetInt64() >= Field("bytes_materialized_max"));
        Assert.Equal(2, Build(run, "compiles_executed"));
        Assert.Equal(1, Build(run, "links_executed"));
        Assert.True(Build(run, "compiles_cached") > 10, "std was answered by the cache");
    }

    private const string GodebugMain = """
        package main

        import (
        	"fmt"
        	"runtime/debug"
        )

        func main() {
        	if bi, ok := debug.ReadBuildInfo(); ok {
        		for _, s := range bi.Settings {
        			if s.Key == "DefaultGODEBUG" {
        				fmt.Println("DefaultGODEBUG", s.Value)
        			}
        		}
        	}
        	defer func() { fmt.Printf("recovered %T\n", recover()) }()
        	panic(nil)
        }

        """;

    [Fact]
    public async Task Build_GodebugLinesAndDirectives_SameDefaultGodebugAsGoBuild()
    {
        var ws = Synthetic("godebug",                                                        // Given
            ("go.mod", "module example.com/gd\n\ngo 1.22\n\ngodebug (\n\tpanicnil=1\n\ttlsrsakex=1\n)\n\ngodebug httpmuxgo121=0\n"),
            ("cmd/plain/main.go", GodebugMain),
            ("cmd/directive/main.go", "// A program with its own settings.\n\n//go:debug asynctimerchan=0\n//go:debug panicnil=0\n/* not a directive */\npackage main\n" + GodebugMain[("package main".Length + 1)..]),
            ("cmd/older/main.go", "//go:debug default=go1.20\n\n" + GodebugMain));

        var run = await fixture.Kiln.RunAsync(ws, "build", "./...", "--allow-download");    // When

        Assert.True(run.ExitCode == 0, run.ToString());                                      // Then
        var env = new Dictionary<string, string>(); // both tools at their default CGO_ENABLED
        var outputs = new List<string>();
        foreach (var name in new[] { "plain", "directive", "older" })
        {
            var binary = System.IO.Path.Combine(ws, "dist", "cmd", name, name);
            var goBinary = System.IO.Path.Combine(fixture.Path, "go-bin", "godebug", name);
            await GoTool.RunAsync(ws, fixture.GoScratch, env, "build", "-trimpath", "-o", goBinary, "./cmd/" + name);
            var kilnRun = await ProgramOutput.RunAsync(binary);
            Assert.Equal(await ProgramOutput.RunAsync(goBinary), kilnRun);
            Assert.Equal(ModInfo(await GoTool.RunAsync(ws, fixture.GoScratch, env, "version", "-m", goBinary)),
                ModInfo(await GoTool.RunAsync(ws, fixture.GoScratch, env, "version", "-m", binary)));
            outputs.Add(kilnRun);
        }
        Assert.Contains("recovered <nil>", outputs[0], StringComparison.Ordinal);             // go.mod's panicnil=1
        Assert.Contains("tlsrsakex=1", outputs[0], StringComparison.Ordinal);
        Assert.Contains("recovered *runtime.PanicNilError", outputs[1], StringComparison.Ordinal);   // the directive wins
        Assert.Contains("asynctimerchan=0", outputs[1], StringComparison.Ordinal);
        Assert.Contains("panicnil=1", outputs[2], StringComparison.Ordinal);                  // default=go1.20
    }

    [Fact]
    public async Task Build_InvalidGodebugDirective_UserErrorNamingTheLine()
    {
        var ws = Synthetic("badgodebug",                                                     // Given
            ("go.mod", "module example.com/bgd\n\ngo 1.22\n"),
            ("main.go", "//go:debug panicnil=1 asynctimerchan=0\n\npackage main\n\nfunc main() {}\n"));

        var run = await fixture.Kiln.RunAsync(ws, "build", "./...", "--allow-download");    // When

        Assert.Equal(2, run.ExitCode);                                                       // Then
        Assert.Contains("main.go:1:1", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("invalid //go:debug: value contains space", run.Stderr, StringComparison.Ordinal);
    }
}
