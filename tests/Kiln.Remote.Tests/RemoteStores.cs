using Google.Protobuf;
using Kiln.Core;
using Kiln.Store;
using Kiln.Testing;
using ActionResult = Kiln.Store.Reapi.ActionResult;
using OutputDirectory = Kiln.Store.Reapi.OutputDirectory;
using OutputFile = Kiln.Store.Reapi.OutputFile;

namespace Kiln.Remote.Tests;

/// Local stores ("machines") sharing one remote cache, and a sample action result with an output file,
/// stdout, and an output directory (nested, executable, empty and symlinked entries).
internal sealed class RemoteStores : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-remote");
    private int _machines;

    public RecordingObserver Observer { get; } = new();

    public (LocalStore Store, RunStats Stats, CircuitBreakerCache Remote) Machine(Uri url, bool upload, TimeSpan? timeout = null, string instance = "")
    {
        var stats = new RunStats();
        var settings = new RemoteCacheSettings(url, instance, upload, timeout ?? TimeSpan.FromSeconds(10), new Dictionary<string, string>());
        var remote = RemoteCacheFactory.Create(settings, Observer, stats, "test-invocation");
        var store = new LocalStore(_temp.Combine($"store{++_machines}"), stats, Observer) { Remote = remote, UploadToRemote = upload };
        return (store, stats, remote);
    }

    public string Dir(string name) => _temp.Combine(name);

    /// Fills `store` with a result and returns its key. `bigFileBytes` adds a file large enough for ByteStream.
    public (ActionKey Key, ActionResult Result) PutSample(LocalStore store, string label, int bigFileBytes = 0)
    {
        var tree = _temp.Combine($"tree-{label}-{_machines}");
        SampleTrees.Write(tree);
        if (bigFileBytes > 0) File.WriteAllBytes(Path.Combine(tree, "big.bin"), Enumerable.Range(0, bigFileBytes).Select(i => (byte)(i * 7)).ToArray());
        var root = store.Snapshot(tree);
        var result = new ActionResult
        {
            ExitCode = 0,
            StdoutDigest = LocalStore.ToProto(store.PutBytes("hello from the action\n"u8)),
        };
        result.OutputFiles.Add(new OutputFile { Path = "out/app", Digest = LocalStore.ToProto(store.PutBytes(System.Text.Encoding.UTF8.GetBytes($"binary {label}"))), IsExecutable = true });
        result.OutputDirectories.Add(new OutputDirectory
        {
            Path = "gen",
            TreeDigest = LocalStore.ToProto(store.PutBytes(store.TryBuildTree(root)!.ToByteArray())),
            RootDirectoryDigest = LocalStore.ToProto(root),
        });
        var key = new ActionKey(Digest.Of(System.Text.Encoding.UTF8.GetBytes($"action {label}")));
        return (key, result);
    }

    public void Dispose() => _temp.Dispose();
}
