using System.Diagnostics;

namespace Kiln.E2E.Tests;

/// A `.go` file whose name is not valid UTF-8: the go command builds it, Kiln's trees cannot hold the name
/// (REAPI names are UTF-8 strings), so Kiln refuses it by directory and escaped name instead of leaving the
/// file out and linking a different program.
public sealed class NonUtf8NameTests(BuildFixture fixture) : IClassFixture<BuildFixture>, IAsyncLifetime
{
    private readonly List<string> _workspaces = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// .NET cannot delete what it cannot name: rm removes the workspaces.
    public async ValueTask DisposeAsync()
    {
        foreach (var ws in _workspaces) await ShellAsync(System.IO.Path.GetDirectoryName(ws)!, "rm -rf \"$1\"", ws);
    }

    private static async Task ShellAsync(string workDir, string script, string arg)
    {
        using var sh = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script, "sh", arg]) { WorkingDirectory = workDir })!;
        await sh.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, sh.ExitCode);
    }

    /// A module whose main package calls hello(), defined in `w\xff.go` (byte 0xff); `body` is that file's text.
    private async Task<string> WorkspaceAsync(string name, string body)
    {
        var ws = System.IO.Path.Combine(fixture.Path, "non-utf8", name);
        Directory.CreateDirectory(ws);
        File.WriteAllText(System.IO.Path.Combine(ws, "go.mod"), "module example.com/weird\n\ngo 1.23\n");
        File.WriteAllText(System.IO.Path.Combine(ws, "main.go"), "package main\n\nfunc main() { hello() }\n");
        _workspaces.Add(ws);
        // .NET cannot name such a file: the shell's printf writes the byte 0xff into the name
        await ShellAsync(ws, "printf '%s' \"$1\" > \"$(printf 'w\\377.go')\"", body);
        return ws;
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> GoAsync(string ws, params string[] args) =>
        GoTool.TryRunAsync(ws, fixture.GoScratch, new Dictionary<string, string> { ["CGO_ENABLED"] = "0" }, args);

    [Fact]
    public async Task Build_GoFileNamedInvalidUtf8_GoBuildsItKilnRefusesItByName()
    {
        var ws = await WorkspaceAsync("valid", "package main\n\nimport \"fmt\"\n\nfunc hello() { fmt.Println(\"hello from w\\xff.go\") }\n");   // Given
        var goBinary = System.IO.Path.Combine(fixture.Path, "go-bin", "non-utf8", "weird");
        var go = await GoAsync(ws, "build", "-o", goBinary, ".");

        var run = await fixture.Kiln.RunAsync(ws, "build", ".", "--cgo", "0", "--allow-download");   // When
        var list = await fixture.Kiln.RunAsync(ws, "list", "./...", "--cgo", "0");

        Assert.True(go.ExitCode == 0, go.Stderr);                                          // Then: go compiles the file
        Assert.Contains("hello from w", await ProgramOutput.RunAsync(goBinary), StringComparison.Ordinal);
        Assert.True(run.ExitCode == 2, run.ToString());                                    // Kiln names it, never links without it
        Assert.Contains("error: a file or directory name is not valid UTF-8", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"directory: {ws}\n", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("name:      w\\xff.go", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(System.IO.Path.Combine(ws, "dist")));
        Assert.True(list.ExitCode == 2, list.ToString());                                  // ./... finds the package, then refuses the name
        Assert.Contains("w\\xff.go", list.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_SyntaxErrorInGoFileNamedInvalidUtf8_BothFailKilnNamesTheFile()
    {
        var ws = await WorkspaceAsync("syntax", "package main\n\nfunc hello() {\n");      // Given

        var go = await GoAsync(ws, "build", ".");
        var run = await fixture.Kiln.RunAsync(ws, "build", ".", "--cgo", "0", "--allow-download");   // When

        Assert.Equal(1, go.ExitCode);                                                      // Then
        Assert.Contains("syntax error", go.Stderr, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("name:      w\\xff.go", run.Stderr, StringComparison.Ordinal);
    }
}
