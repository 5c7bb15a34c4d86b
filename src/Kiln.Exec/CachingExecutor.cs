using Google.Protobuf;
using Kiln.Core;
using Kiln.Store;

namespace Kiln.Exec;

/// Answers from the action cache first (local, then the store's remote cache); runs on a miss; caches only successful results. The Action and
/// Command encodings are stored too, so a remote cache or `kiln why` can read them back.
public sealed class CachingExecutor(LocalStore store, LocalRunner runner, IBuildObserver? observer = null)
{
    private readonly IBuildObserver _observer = observer ?? NullBuildObserver.Instance;

    public async Task<ExecutionResult> ExecuteAsync(ProcessRequest request, CancellationToken ct)
    {
        request.Validate();
        var encoded = request.Encode();
        store.Stats.ActionRequested();
        if (request.CachePolicy == CachePolicy.Cache && await store.GetActionResultAsync(encoded.Key, ct) is CacheHit hit)
        {
            var outcome = hit.FromRemote ? ActionOutcome.RemoteCacheHit : ActionOutcome.LocalCacheHit;
            if (hit.FromRemote) store.Stats.RemoteCacheHit();
            else store.Stats.LocalCacheHit();
            _observer.On(new ActionFinished(request.Description, encoded.Key, outcome, hit.Result.ExitCode, TimeSpan.Zero));
            return new ExecutionResult(encoded.Key, hit.Result, outcome);
        }
        store.PutBytes(encoded.Command);
        store.PutBytes(encoded.Action);
        var result = await runner.RunAsync(request, ct);
        if (request.CachePolicy == CachePolicy.Cache && result.Succeeded)
            await store.PutActionResultAsync(encoded.Key, result.Result, ct);
        return result;
    }

    /// Writes an action's outputs (files and directories) under `destination`, by hard link from the store.
    public void MaterializeOutputs(ExecutionResult result, string destination)
    {
        foreach (var file in result.Result.OutputFiles)
        {
            var dest = Path.Combine(destination, file.Path);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            if (File.Exists(dest)) File.Delete(dest);
            store.MaterializeFile(LocalStore.FromProto(file.Digest), file.IsExecutable ? BlobMode.Executable : BlobMode.Plain, dest, file.Path);
        }
        foreach (var dir in result.Result.OutputDirectories)
        {
            var dest = Path.Combine(destination, dir.Path);
            if (System.IO.Directory.Exists(dest)) System.IO.Directory.Delete(dest, recursive: true);
            store.Materialize(LocalStore.FromProto(dir.RootDirectoryDigest), dest);
        }
    }

    public byte[] ReadStdout(ExecutionResult result) => ReadStream(result.Result.StdoutRaw, result.Result.StdoutDigest);
    public byte[] ReadStderr(ExecutionResult result) => ReadStream(result.Result.StderrRaw, result.Result.StderrDigest);

    private byte[] ReadStream(ByteString raw, Store.Reapi.Digest? digest)
    {
        if (!raw.IsEmpty) return raw.ToByteArray();
        if (digest is null) return [];
        return store.TryReadBytes(LocalStore.FromProto(digest)) ?? [];
    }
}
