using Google.Protobuf;
using Kiln.Core;
using Kiln.Store;
using Tree = Kiln.Store.Reapi.Tree;

namespace Kiln.Exec.Tests;

public class OutputTests
{
    private const string Script = """
        mkdir -p out/dir/sub bin
        echo a > out/dir/a.txt
        printf '#!/bin/sh\necho tool\n' > out/dir/sub/run.sh && chmod +x out/dir/sub/run.sh
        mkdir out/dir/empty
        printf '#!/bin/sh\necho bin\n' > bin/tool && chmod 755 bin/tool
        echo plain > bin/data
        """;

    [Fact]
    public async Task ExecuteAsync_OutputDirectory_IsTreeWithRootDigest()
    {
        // Given an action writing an output directory
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var request = ExecFixture.Shell(Script, f.InputRoot(), ["bin/tool", "bin/data"], ["out/dir"]);

        // When it runs
        var result = await f.Executor().ExecuteAsync(request, ct);

        // Then the directory is recorded as a REAPI Tree whose root has the recorded root digest
        Assert.True(result.Succeeded, f.Stderr(result));
        var dir = result.OutputDirectory("out/dir")!;
        var tree = Tree.Parser.ParseFrom(f.Store.TryReadBytes(LocalStore.FromProto(dir.TreeDigest)));
        Assert.Equal(LocalStore.FromProto(dir.RootDirectoryDigest), Digest.Of(tree.Root.ToByteArray()));
        Assert.Equal(["a.txt"], tree.Root.Files.Select(n => n.Name));
        Assert.Equal(["empty", "sub"], tree.Root.Directories.Select(n => n.Name));
        Assert.Equal(2, tree.Children.Count);
        var sub = tree.Children.Single(c => c.Files.Count == 1);
        Assert.True(sub.Files[0].IsExecutable);
        Assert.True(result.OutputFile("bin/tool")!.IsExecutable);
        Assert.False(result.OutputFile("bin/data")!.IsExecutable);
    }

    [Fact]
    public async Task MaterializeOutputs_CachedResult_WritesFilesAndDirectoriesKeepingExecutableBits()
    {
        // Given an action with file and directory outputs, answered from the cache the second time
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var request = ExecFixture.Shell(Script, f.InputRoot(), ["bin/tool", "bin/data"], ["out/dir"]);
        var executor = f.Executor();
        var first = await executor.ExecuteAsync(request, ct);
        var hit = await executor.ExecuteAsync(request, ct);
        Assert.Equal(ActionOutcome.LocalCacheHit, hit.Outcome);

        // When its outputs are materialized (twice: the second replaces the first)
        var dest = f.Temp.Combine("dest");
        executor.MaterializeOutputs(request, hit, dest);
        executor.MaterializeOutputs(request, hit, dest);

        // Then contents, modes and the tree all round-trip
        Assert.Equal("a\n", File.ReadAllText(Path.Combine(dest, "out/dir/a.txt")));
        Assert.Equal("plain\n", File.ReadAllText(Path.Combine(dest, "bin/data")));
        Assert.True(IsExecutable(Path.Combine(dest, "bin/tool")));
        Assert.True(IsExecutable(Path.Combine(dest, "out/dir/sub/run.sh")));
        Assert.False(IsExecutable(Path.Combine(dest, "bin/data")));
        Assert.False(IsExecutable(Path.Combine(dest, "out/dir/a.txt")));
        Assert.True(Directory.Exists(Path.Combine(dest, "out/dir/empty")));
        Assert.Equal(LocalStore.FromProto(first.OutputDirectory("out/dir")!.RootDirectoryDigest), f.Store.Snapshot(Path.Combine(dest, "out/dir")));

        // And the materialized executable runs
        var run = await f.Runner().RunAsync(ExecFixture.Shell($"'{Path.Combine(dest, "bin/tool")}'", f.InputRoot()), ct);
        Assert.Equal("bin\n", f.Stdout(run));
    }

    [Fact]
    public async Task ExecuteAsync_DeclaredOutputMissing_IsLeftOutOfTheResult()
    {
        // Given an action that declares outputs but writes none
        var ct = TestContext.Current.CancellationToken;
        using var f = new ExecFixture();
        var request = ExecFixture.Shell("true", f.InputRoot(), ["missing.txt"], ["missing-dir"]);

        // When it runs
        var result = await f.Executor().ExecuteAsync(request, ct);

        // Then it succeeds with no outputs (REAPI: a missing output is simply absent)
        Assert.True(result.Succeeded);
        Assert.Empty(result.Result.OutputFiles);
        Assert.Empty(result.Result.OutputDirectories);
    }

    private static bool IsExecutable(string path) => (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
}
