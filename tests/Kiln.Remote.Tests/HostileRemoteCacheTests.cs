using Google.Protobuf;
using Kiln.Core;
using Kiln.Exec;
using Kiln.Remote.Tests.Fakes;
using Kiln.Store;
using Kiln.Testing;
using ActionResult = Kiln.Store.Reapi.ActionResult;
using Directory = Kiln.Store.Reapi.Directory;
using DirectoryNode = Kiln.Store.Reapi.DirectoryNode;
using OutputDirectory = Kiln.Store.Reapi.OutputDirectory;
using OutputFile = Kiln.Store.Reapi.OutputFile;
using SymlinkNode = Kiln.Store.Reapi.SymlinkNode;
using Tree = Kiln.Store.Reapi.Tree;

namespace Kiln.Remote.Tests;

/// Fault injection: a remote cache (Bazel HTTP on nginx, and the in-process REAPI gRPC fake) serving entries
/// crafted by an attacker, consumed as `kiln debug exec` consumes them (CachingExecutor, then its outputs
/// written under an output root). Nothing is ever created or deleted outside the output root; a poisoned entry
/// is a miss, the action runs locally, and the operator gets one warning naming the key.
public sealed class HostileRemoteCacheTests : IAsyncLifetime, IDisposable
{
    private readonly RemoteStores _stores = new();
    private readonly NginxBazelCache _nginx = new();
    private FakeReapiServer _grpc = null!;

    public async ValueTask InitializeAsync() => _grpc = await FakeReapiServer.StartAsync();

    public async ValueTask DisposeAsync() => await _grpc.DisposeAsync();

    public void Dispose()
    {
        _stores.Dispose();
        _nginx.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Uri Url(string protocol) => protocol == "http" ? _nginx.Url() : _grpc.Url;

    // The layout: the output root is <temp>/x/y/dist, so `dist/out/..` four times is <temp>, where the victims live.
    private string OutputRoot => _stores.Dir("x/y/dist");
    private string Victim => _stores.Dir("victim");
    private string Planted => _stores.Dir("outside/pwned");

    /// The attack of issue 18: `out/d/up -> ..` and `out/esc -> d/up/d/up/d/up/d/up/../../../..` read as
    /// contained (the text never climbs above `out`), yet on disk `esc` is four levels above `out`; an
    /// output file and an output directory through `esc` then reach outside the output root.
    [Theory]
    [InlineData("http")]
    [InlineData("grpc")]
    public async Task Exec_SymlinkChainEscapingTheOutputRoot_IsAMiss_WarnsNamingTheKey_AndTouchesNothingOutside(string protocol)
    {
        var (request, key) = Request();                                                            // Given
        var (result, blobs) = EscapingResult(undeclaredThroughEsc: true);
        await ServeAsync(protocol, key, result, blobs);
        WriteVictim();

        var first = await ExecAndMaterializeAsync(protocol, request);                             // When: twice, fresh stores
        var rerun = await ExecAndMaterializeAsync(protocol, request);

        Assert.Equal(ActionOutcome.Executed, first.Outcome);                                     // Then
        Assert.Equal(ActionOutcome.Executed, rerun.Outcome);
        Assert.Equal("kept\n", File.ReadAllText(Path.Combine(Victim, "keep.txt")));
        Assert.False(File.Exists(Planted));
        Assert.False(System.IO.Directory.Exists(Path.GetDirectoryName(Planted)));
        Assert.Equal("local\n", File.ReadAllText(Path.Combine(OutputRoot, "out", "real.txt")));
        Assert.False(Path.Exists(Path.Combine(OutputRoot, "out", "esc")));
        AssertOneWarningPerMachine(key, "escapes the tree", machines: 2);
    }

    /// The tree alone, with only the declared output: once materialized, `dist/out/esc` would lead out.
    [Theory]
    [InlineData("http")]
    [InlineData("grpc")]
    public async Task Exec_DeclaredOutputWithEscapingSymlinkChain_IsAMiss_AndNoSymlinkIsMaterialized(string protocol)
    {
        var (request, key) = Request();
        var (result, blobs) = EscapingResult(undeclaredThroughEsc: false);
        await ServeAsync(protocol, key, result, blobs);

        var run = await ExecAndMaterializeAsync(protocol, request);

        Assert.Equal(ActionOutcome.Executed, run.Outcome);
        Assert.False(Path.Exists(Path.Combine(OutputRoot, "out", "esc")));
        Assert.False(Path.Exists(Path.Combine(OutputRoot, "out", "d")));
        AssertOneWarningPerMachine(key, "symlink ./esc -> d/up/d/up/d/up/d/up/../../../.. escapes the tree", machines: 1);
    }

    /// A harmless tree, but the result also carries an output the request never declared.
    [Theory]
    [InlineData("http")]
    [InlineData("grpc")]
    public async Task Exec_ResultWithAnUndeclaredOutput_IsAMiss_AndTheUndeclaredPathIsNotWritten(string protocol)
    {
        var (request, key) = Request();
        var plain = new Directory();
        var (result, blobs) = Result(plain, []);
        var pwned = "pwned\n"u8.ToArray();
        blobs.Add(pwned);
        result.OutputFiles.Add(new OutputFile { Path = "bin/sneaky", Digest = LocalStore.ToProto(Digest.Of(pwned)), IsExecutable = true });
        await ServeAsync(protocol, key, result, blobs);

        var run = await ExecAndMaterializeAsync(protocol, request);

        Assert.Equal(ActionOutcome.Executed, run.Outcome);
        Assert.False(Path.Exists(Path.Combine(OutputRoot, "bin")));
        Assert.Equal("local\n", File.ReadAllText(Path.Combine(OutputRoot, "out", "real.txt")));
        AssertOneWarningPerMachine(key, "output file bin/sneaky was not declared", machines: 1);
    }

    /// Every lookup of a poisoned key misses, but the operator is told once per run, not once per lookup.
    [Theory]
    [InlineData("http")]
    [InlineData("grpc")]
    public async Task Lookup_PoisonedEntryTwice_MissesBothTimes_AndWarnsOnce(string protocol)
    {
        var (_, key) = Request();
        var (result, blobs) = EscapingResult(undeclaredThroughEsc: true);
        await ServeAsync(protocol, key, result, blobs);
        var (store, stats, remote) = _stores.Machine(Url(protocol), upload: false);

        var first = Assert.IsType<CacheMiss>(await store.GetActionResultAsync(key, Ct));
        var second = Assert.IsType<CacheMiss>(await store.GetActionResultAsync(key, Ct));

        Assert.Contains("escapes the tree", first.Reason, StringComparison.Ordinal);
        Assert.Equal(first, second);
        Assert.Contains(key.Digest.Hash, Assert.Single(_stores.Observer.Warnings).Description, StringComparison.Ordinal);
        Assert.False(remote.IsOpen); // a poisoned entry is not a broken remote: other keys still hit
        Assert.Equal(0, stats.RemoteErrors);
    }

    private void AssertOneWarningPerMachine(ActionKey key, string why, int machines)
    {
        var warnings = _stores.Observer.Warnings;
        Assert.Equal(machines, warnings.Count);
        Assert.All(warnings, w => Assert.Contains(key.Digest.Hash, w.Description, StringComparison.Ordinal));
        Assert.All(warnings, w => Assert.Contains(why, w.Description, StringComparison.Ordinal));
    }

    private void WriteVictim()
    {
        System.IO.Directory.CreateDirectory(Victim);
        File.WriteAllText(Path.Combine(Victim, "keep.txt"), "kept\n");
    }

    /// `debug exec --output-dir out -- sh -c ...` on an empty input, as the CLI builds it.
    private (ProcessRequest Request, ActionKey Key) Request()
    {
        var input = _stores.Dir("input");
        System.IO.Directory.CreateDirectory(input);
        var request = new ProcessRequest(new[] { "/bin/sh", "-c", "mkdir -p out && echo local > out/real.txt" },
            new EquatableMap<string>([new("PATH", "/usr/bin:/bin")]), new LocalStore(_stores.Dir("keying")).Snapshot(input),
            EquatableArray<string>.Empty, new[] { "out" }, "hostile");
        return (request, request.Key());
    }

    /// One `kiln debug exec` run on a fresh machine: look up (remote included), run on a miss, write outputs.
    private async Task<ExecutionResult> ExecAndMaterializeAsync(string protocol, ProcessRequest request)
    {
        var (store, _, _) = _stores.Machine(Url(protocol), upload: false);
        store.Snapshot(_stores.Dir("input")); // the input root, as the CLI snapshots it first
        var executor = new CachingExecutor(store, new LocalRunner(store, new JobLimiter(1), SandboxMode.Directory, ["/usr/bin", "/bin"], _stores.Observer), _stores.Observer);
        var result = await executor.ExecuteAsync(request, Ct);
        Assert.True(result.Succeeded);
        executor.MaterializeOutputs(request, result, OutputRoot);
        return result;
    }

    /// The crafted result: output directory `out` holding `d/up -> ..` and the `esc` chain; optionally an
    /// output file and an output directory reached through `esc` (neither declared).
    private static (ActionResult Result, List<byte[]> Blobs) EscapingResult(bool undeclaredThroughEsc)
    {
        var d = new Directory();
        d.Symlinks.Add(new SymlinkNode { Name = "up", Target = ".." });
        var root = new Directory();
        root.Directories.Add(new DirectoryNode { Name = "d", Digest = LocalStore.ToProto(Digest.Of(d.ToByteArray())) });
        root.Symlinks.Add(new SymlinkNode { Name = "esc", Target = "d/up/d/up/d/up/d/up/../../../.." });
        var (result, blobs) = Result(root, [d]);
        if (!undeclaredThroughEsc) return (result, blobs);
        var pwned = "pwned\n"u8.ToArray();
        blobs.Add(pwned);
        result.OutputFiles.Add(new OutputFile { Path = "out/esc/outside/pwned", Digest = LocalStore.ToProto(Digest.Of(pwned)) });
        var empty = new Tree { Root = new Directory() }.ToByteArray();
        blobs.Add(empty);
        result.OutputDirectories.Add(new OutputDirectory { Path = "out/esc/victim", TreeDigest = LocalStore.ToProto(Digest.Of(empty)) });
        return (result, blobs);
    }

    private static (ActionResult Result, List<byte[]> Blobs) Result(Directory root, Directory[] children)
    {
        var tree = new Tree { Root = root };
        tree.Children.AddRange(children);
        var treeBytes = tree.ToByteArray();
        var stdout = "from the remote\n"u8.ToArray();
        var result = new ActionResult { ExitCode = 0, StdoutDigest = LocalStore.ToProto(Digest.Of(stdout)) };
        result.OutputDirectories.Add(new OutputDirectory
        {
            Path = "out",
            TreeDigest = LocalStore.ToProto(Digest.Of(treeBytes)),
            RootDirectoryDigest = LocalStore.ToProto(Digest.Of(root.ToByteArray())),
        });
        return (result, [treeBytes, stdout, .. children.Select(c => c.ToByteArray()), root.ToByteArray()]);
    }

    /// Puts the crafted entry on the server through the protocol's own client, as a writer with access would.
    private async Task ServeAsync(string protocol, ActionKey key, ActionResult result, List<byte[]> blobs)
    {
        var settings = new RemoteCacheSettings(Url(protocol), "", true, TimeSpan.FromSeconds(10), new Dictionary<string, string>());
        var writer = RemoteCacheFactory.Create(settings, new RecordingObserver(), new RunStats(), "attacker");
        var payload = new Dictionary<Digest, byte[]>();
        foreach (var blob in blobs.Where(b => b.Length > 0)) payload[Digest.Of(blob)] = blob;
        await writer.WriteBlobsAsync(payload, Ct);
        await writer.UpdateActionResultAsync(key, result, Ct);
        Assert.False(writer.IsOpen);
    }
}
