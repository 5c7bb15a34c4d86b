using Kiln.Core;

namespace Kiln.Exec.Tests;

/// A real Go toolchain compile as an action: the shape Kiln.Go's rules will produce.
public class GoBuildTests
{
    private const string GoRoot = "/usr/lib/go-1.23";

    private static ProcessRequest GoBuild(Digest module) =>
        new(new[] { GoRoot + "/bin/go", "build", "-trimpath", "-o", "hello", "." },
            new EquatableMap<string>([
                new("HOME", "{sandbox}/.home"),
                new("GOCACHE", "{sandbox}/.gocache"),
                new("GOPATH", "{sandbox}/.gopath"),
                new("GOTOOLCHAIN", "local"),
                new("GOPROXY", "off"),
                new("CGO_ENABLED", "0"),
                new("GOFLAGS", "-mod=mod"),
                new("PATH", GoRoot + "/bin:/usr/bin:/bin"),
            ]),
            module, new[] { "hello" }, EquatableArray<string>.Empty, "go build example.com/hello")
        {
            ToolDirectories = new[] { GoRoot, "/usr/share/go-1.23", "/usr", "/bin", "/lib", "/lib64" },
            Timeout = TimeSpan.FromMinutes(5),
        };

    [Theory]
    [InlineData(SandboxMode.Directory)]
    [InlineData(SandboxMode.Strict)]
    public async Task ExecuteAsync_GoBuild_CompilesOnceThenHitsAndTheBinaryRuns(SandboxMode mode)
    {
        // Given a tiny Go module as the input root
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var module = f.InputRoot(
            ("go.mod", "module example.com/hello\n\ngo 1.23\n"),
            ("main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello from kiln\") }\n"));
        var executor = f.Executor(mode);

        // When `go build` runs as an action twice
        var first = await executor.ExecuteAsync(GoBuild(module), ct);
        var second = await executor.ExecuteAsync(GoBuild(module), ct);

        // Then it compiled once, the second was a hit with the same binary
        Assert.True(first.Succeeded, f.Stderr(first));
        Assert.Equal(ActionOutcome.Executed, first.Outcome);
        Assert.Equal(ActionOutcome.LocalCacheHit, second.Outcome);
        Assert.Equal(first.OutputFile("hello")!.Digest, second.OutputFile("hello")!.Digest);
        Assert.True(second.OutputFile("hello")!.IsExecutable);
        Assert.Equal(1, f.Store.Stats.ActionsExecuted);

        // And the materialized binary runs
        var dest = f.Temp.Combine("out");
        executor.MaterializeOutputs(GoBuild(module), second, dest);
        var run = await f.Runner().RunAsync(new ProcessRequest(new[] { Path.Combine(dest, "hello") }, EquatableMap<string>.Empty,
            f.InputRoot(), EquatableArray<string>.Empty, EquatableArray<string>.Empty, "run hello"), ct);
        Assert.True(run.Succeeded, f.Stderr(run));
        Assert.Equal("hello from kiln\n", f.Stdout(run));
    }
}
