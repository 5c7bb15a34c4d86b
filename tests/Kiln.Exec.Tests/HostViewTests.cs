namespace Kiln.Exec.Tests;

/// A host directory shown around an input root (a test's module): the input root's entries stay in place, the
/// rest of the host directory is reachable and walkable, the host's files survive the sandbox's removal, and in
/// strict mode the view is read-only.
public class HostViewTests
{
    private static string MakeModule(ExecFixture f)
    {
        var module = f.Temp.Combine("module");
        Directory.CreateDirectory(Path.Combine(module, "a", "pkg"));
        Directory.CreateDirectory(Path.Combine(module, "a", "testdata", "deep"));
        Directory.CreateDirectory(Path.Combine(module, "nested"));
        File.WriteAllText(Path.Combine(module, "go.mod"), "module example.com/m\n");
        File.WriteAllText(Path.Combine(module, "a", "pkg", "p.go"), "host version\n");
        File.WriteAllText(Path.Combine(module, "a", "pkg", "only_on_host.go"), "host only\n");
        File.WriteAllText(Path.Combine(module, "a", "testdata", "deep", "golden.txt"), "golden\n");
        File.WriteAllText(Path.Combine(module, "nested", "go.mod"), "module example.com/nested\n");
        return module;
    }

    [Theory]
    [InlineData(SandboxMode.Directory)]
    [InlineData(SandboxMode.Strict)]
    public async Task RunAsync_WithAView_SeesTheHostAroundTheInputRoot_InputRootWins(SandboxMode mode)
    {
        // Given a module on the host and an input root holding one package's file (another version of it)
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var module = MakeModule(f);
        var root = f.InputRoot(("a/pkg/p.go", "input version\n"));
        var script = "cat p.go; cat only_on_host.go; cat ../../go.mod; find ../testdata -type d | LC_ALL=C sort; cat ../testdata/deep/golden.txt;"
            + " test -L ../../nested && echo nested-is-a-link; echo new > ../testdata/written && echo wrote-new;"
            + " test -L only_on_host.go && echo host-file-is-a-link || echo host-file-is-a-file;"
            + (mode == SandboxMode.Strict ? " echo x >> ../testdata/deep/golden.txt 2>/dev/null && echo changed || echo read-only" : "");
        var request = ExecFixture.Shell(script, root) with { WorkingDirectory = "a/pkg", View = new HostView("", module), ToolDirectories = ExecFixture.ShellToolDirs };

        // When an action runs in the package's directory
        var result = await f.Runner(mode).RunAsync(request, ct);

        // Then it read the input root's file, the host's others, walked the parent's testdata as directories, and
        // the host module is untouched after the sandbox is gone (strict: not even writable)
        Assert.True(result.Succeeded, f.Stderr(result));
        // (a host file is a hard link to it without isolation, a regular file as on the host; strict mode keeps a symlink)
        Assert.Equal("input version\nhost only\nmodule example.com/m\n../testdata\n../testdata/deep\ngolden\nnested-is-a-link\nwrote-new\n"
            + (mode == SandboxMode.Strict ? "host-file-is-a-link\nread-only\n" : "host-file-is-a-file\n"), f.Stdout(result));
        Assert.False(File.Exists(Path.Combine(module, "a", "testdata", "written")));
        Assert.Equal("host version\n", File.ReadAllText(Path.Combine(module, "a", "pkg", "p.go")));
        Assert.Equal("golden\n", File.ReadAllText(Path.Combine(module, "a", "testdata", "deep", "golden.txt")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(f.Store.SandboxRoot));
    }

    [Fact]
    public async Task RunAsync_AView_IsNotPartOfTheKey()
    {
        // Given the same request with and without a view
        using var f = new ExecFixture();
        var request = ExecFixture.Shell("true", f.InputRoot(("x", "1")));

        // When both are keyed, Then the keys agree
        Assert.Equal(request.Key(), (request with { View = new HostView("", MakeModule(f)) }).Key());
        await Task.CompletedTask;
    }
}
