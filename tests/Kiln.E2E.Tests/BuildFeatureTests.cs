namespace Kiln.E2E.Tests;

/// `kiln build` on a small synthetic workspace using the language and build features the corpus does not
/// all exercise — first-party assembly, //go:embed of files, directories and `all:`, build tags, an internal
/// package, a module replaced by a local path — compared with `go build -trimpath`; and GOOS=windows.
public sealed partial class BuildTests
{
    private static readonly Dictionary<string, string> NoCgo = new() { ["CGO_ENABLED"] = "0" };

    private string FeatureWorkspace(string name)
    {
        var root = System.IO.Path.Combine(fixture.Path, "features", name);
        void Write(string rel, string text) => WorkspaceFiles.Write(root, rel, text);
        Write("kiln.toml", "# the workspace root: app/ and the lib/ it replaces a module with\n");
        Write("lib/go.mod", "module example.com/lib\n\ngo 1.21\n");
        Write("lib/lib.go", "package lib\n\n// Name is defined outside the main module.\nfunc Name() string { return \"lib from a local replace\" }\n");
        Write("app/go.mod", "module example.com/app\n\ngo 1.22\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ../lib\n");
        Write("app/cmd/app/main.go", """
            package main

            import (
            	"fmt"
            	"io/fs"
            	"runtime"

            	"example.com/app/assets"
            	"example.com/app/internal/greet"
            	"example.com/app/sum"
            	"example.com/lib"
            )

            func main() {
            	fmt.Println(greet.Hello(), sum.Add(40, 2), lib.Name(), runtime.GOOS)
            	fmt.Print(assets.Hello)
            	for _, f := range []fs.FS{assets.Static, assets.All} {
            		fs.WalkDir(f, ".", func(p string, d fs.DirEntry, err error) error {
            			fmt.Println(" ", p, d.IsDir())
            			return err
            		})
            	}
            }
            """);
        Write("app/internal/greet/greet.go", "package greet\n\n// Hello says which tag file was built.\nfunc Hello() string { return \"hello \" + flavour }\n");
        Write("app/internal/greet/plain.go", "//go:build !fancy\n\npackage greet\n\nconst flavour = \"plain\"\n");
        Write("app/internal/greet/fancy.go", "//go:build fancy\n\npackage greet\n\nconst flavour = \"fancy\"\n");
        Write("app/sum/sum.go", "package sum\n\n// Add is written in assembly on amd64.\nfunc Add(a, b int64) int64\n");
        Write("app/sum/sum_amd64.s", "#include \"textflag.h\"\n\nTEXT ·Add(SB), NOSPLIT, $0-24\n\tMOVQ a+0(FP), AX\n\tADDQ b+8(FP), AX\n\tMOVQ AX, ret+16(FP)\n\tRET\n");
        Write("app/assets/assets.go", """
            package assets

            import "embed"

            //go:embed hello.txt
            var Hello string

            //go:embed static
            var Static embed.FS

            //go:embed all:static
            var All embed.FS
            """);
        Write("app/assets/hello.txt", "embedded hello\n");
        Write("app/assets/static/a.txt", "a\n");
        Write("app/assets/static/.hidden", "hidden\n");
        Write("app/assets/static/_under.txt", "under\n");
        Write("app/assets/static/sub/b.txt", "b\n");
        return System.IO.Path.Combine(root, "app");
    }

    [Theory]
    [InlineData("")]
    [InlineData("fancy")]
    public async Task Build_AsmEmbedTagsInternalAndLocalReplace_BehavesLikeGoBuild(string tagList)
    {
        string[] tags = tagList.Length == 0 ? [] : tagList.Split(',');
        var ws = FeatureWorkspace(tags.Length == 0 ? "plain" : "tagged");                   // Given
        string[] tagArgs = tags.Length == 0 ? [] : ["--tags", string.Join(',', tags)];

        var run = await fixture.Kiln.RunAsync(ws, ["build", "./...", "--cgo", "0", "--allow-download", .. tagArgs]);   // When
        Assert.True(run.ExitCode == 0, run.ToString());                                      // Then
        var kilnBinary = System.IO.Path.Combine(ws, "..", "dist", "app", "cmd", "app", "app");
        var goBinary = System.IO.Path.Combine(fixture.Path, "go-bin", "features", string.Join('-', tags), "app");
        string[] goTags = tags.Length == 0 ? [] : ["-tags", string.Join(',', tags)];
        await GoTool.RunAsync(ws, fixture.GoScratch, NoCgo, ["build", "-trimpath", .. goTags, "-o", goBinary, "./cmd/app"]);
        var output = await ProgramOutput.RunAsync(kilnBinary);
        Assert.Equal(await ProgramOutput.RunAsync(goBinary), output);
        Assert.Contains(tags.Length == 0 ? "hello plain 42 lib from a local replace linux" : "hello fancy 42", output, StringComparison.Ordinal);
        Assert.Contains("static/.hidden", output, StringComparison.Ordinal);                // only through all:
        Assert.Equal(ModInfo(await GoTool.RunAsync(ws, fixture.GoScratch, NoCgo, "version", "-m", goBinary)),
            ModInfo(await GoTool.RunAsync(ws, fixture.GoScratch, NoCgo, "version", "-m", kilnBinary)));
    }

    [Fact]
    public async Task Build_GoosWindows_WritesAPortableExecutable()
    {
        var ws = FeatureWorkspace("windows");                                                // Given

        var run = await fixture.Kiln.RunAsync(ws, "build", "./cmd/app", "--goos", "windows", "--cgo", "0", "--allow-download");   // When

        Assert.True(run.ExitCode == 0, run.ToString());                                      // Then
        var exe = System.IO.Path.Combine(ws, "..", "dist", "app", "cmd", "app", "app.exe");
        Assert.True(File.Exists(exe), run.ToString());
        var fileType = await ProgramOutput.RunAsync("file", exe);
        Assert.Contains("PE32+ executable", fileType, StringComparison.Ordinal);
        Assert.Contains("x86-64", fileType, StringComparison.Ordinal);
        var goExe = System.IO.Path.Combine(fixture.Path, "go-bin", "features", "windows", "app.exe");
        await GoTool.RunAsync(ws, fixture.GoScratch, new Dictionary<string, string> { ["CGO_ENABLED"] = "0", ["GOOS"] = "windows" },
            "build", "-trimpath", "-o", goExe, "./cmd/app");
        Assert.Equal(new FileInfo(goExe).Length, new FileInfo(exe).Length);
    }
}
