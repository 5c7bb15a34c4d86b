using Google.Protobuf;
using Kiln.Core;
using Kiln.Core.Profiling;
using Kiln.Store;

namespace Kiln.Exec;

/// Answers from the action cache first (local, then the store's remote cache); runs on a miss; caches only successful results. The Action and
/// Command encodings are stored too, so a remote cache or `kiln why` can read them back.
public sealed class CachingExecutor(LocalStore store, LocalRunner runner, IBuildObserver? observer = null, ProfileRecorder? profile = null)
{
    private readonly IBuildObserver _observer = observer ?? NullBuildObserver.Instance;

    public Task<ExecutionResult> ExecuteAsync(ProcessRequest request, CancellationToken ct) => ExecuteAsync(request, accept: null, ct);

    /// `accept`: the caller's own check of a cached result (null when it is sound, else why not); a result it
    /// refuses is a miss (see LocalStore.GetActionResultAsync), so the action runs.
    public Task<ExecutionResult> ExecuteAsync(ProcessRequest request, Func<Store.Reapi.ActionResult, string?>? accept, CancellationToken ct) =>
        ExecuteAsync(request, accept, timing: null, live: null, ct);

    /// The same; `live` gets the process's stdout as it is written when the action runs (never for a cached result).
    public Task<ExecutionResult> ExecuteAsync(ProcessRequest request, Func<Store.Reapi.ActionResult, string?>? accept, Action<ReadOnlyMemory<byte>>? live,
        CancellationToken ct) =>
        ExecuteAsync(request, accept, timing: null, live, ct);

    /// Builds the request with `build` and executes it; in a profile, the action's slice (named `description`) starts
    /// before the build, as building a compile's input tree is most of the work of computing its key.
    public Task<(ProcessRequest Request, ExecutionResult Result)> ExecuteAsync(string description, Func<ProcessRequest> build, CancellationToken ct) =>
        ExecuteAsync(description, build, accept: null, ct);

    /// The same, with the caller's `accept` check of a cached result.
    public async Task<(ProcessRequest Request, ExecutionResult Result)> ExecuteAsync(string description, Func<ProcessRequest> build,
        Func<Store.Reapi.ActionResult, string?>? accept, CancellationToken ct)
    {
        var timing = profile?.BeginAction(description, Category(description));
        ProcessRequest request;
        try { request = build(); }
        catch
        {
            timing?.End("failed");
            throw;
        }
        return (request, await ExecuteAsync(request, accept, timing, live: null, ct));
    }

    /// `timing`: the action's profile, begun before the request was built (null: begun here when profiling).
    /// Its phases: key computed, cache lookup, then the runner's (queued, sandbox materialized, process run, outputs
    /// captured), then uploaded (the result written to the action cache, and to a remote one when uploads are on).
    private async Task<ExecutionResult> ExecuteAsync(ProcessRequest request, Func<Store.Reapi.ActionResult, string?>? accept, ActionProfile? timing,
        Action<ReadOnlyMemory<byte>>? live, CancellationToken ct)
    {
        timing ??= profile?.BeginAction(request.Description, Category(request.Description));
        var outcome = "failed";
        try
        {
            request.Validate();
            var encoded = request.Encode();
            timing?.Phase("key computed");
            store.Stats.ActionRequested();
            if (request.CachePolicy == CachePolicy.Cache
                && await store.GetActionResultAsync(encoded.Key, r => UndeclaredOutput(request, r) ?? accept?.Invoke(r), ct) is CacheHit hit)
            {
                timing?.Phase("cache lookup");
                var cached = hit.FromRemote ? ActionOutcome.RemoteCacheHit : ActionOutcome.LocalCacheHit;
                if (hit.FromRemote) store.Stats.RemoteCacheHit();
                else store.Stats.LocalCacheHit();
                _observer.On(new ActionFinished(request.Description, encoded.Key, cached, hit.Result.ExitCode, TimeSpan.Zero));
                outcome = hit.FromRemote ? "remote cache hit" : "local cache hit";
                return new ExecutionResult(encoded.Key, hit.Result, cached);
            }
            store.PutBytes(encoded.Command);
            store.PutBytes(encoded.Action);
            timing?.Phase("cache lookup");
            var result = await runner.RunAsync(request, timing, live, ct);
            if (request.CachePolicy == CachePolicy.Cache && result.Succeeded)
            {
                await store.PutActionResultAsync(encoded.Key, result.Result, ct);
                timing?.Phase("uploaded");
            }
            outcome = result.Succeeded ? "executed" : "failed";
            return result;
        }
        finally
        {
            timing?.End(outcome);
        }
    }

    /// Caches an executed successful result under `request`'s key too: a request the caller knows to have the same
    /// inputs, in all the action read, as the one that ran (one keyed on reads it learnt by running, see Kiln.Go's
    /// UndeclaredReads).
    public async Task CacheAlsoAsync(ProcessRequest request, ExecutionResult result, CancellationToken ct)
    {
        if (request.CachePolicy != CachePolicy.Cache || !result.Succeeded || result.Outcome != ActionOutcome.Executed) return;
        var encoded = request.Encode();
        store.PutBytes(encoded.Command);
        store.PutBytes(encoded.Action);
        await store.PutActionResultAsync(encoded.Key, result.Result, ct);
    }

    /// An action's category in a profile: the first word of its description (compile, link, test...).
    public static string Category(string description) =>
        description.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? description[..space] : description;

    /// Writes an action's outputs (files and directories) under `destination`, by hard link from the store.
    /// Only the paths the request declared are written, never through a symlink (see OutputPlacement).
    public void MaterializeOutputs(ProcessRequest request, ExecutionResult result, string destination)
    {
        if (UndeclaredOutput(request, result.Result) is { } undeclared) throw ExecErrors.UndeclaredOutput(request.Description, undeclared);
        foreach (var file in result.Result.OutputFiles)
        {
            var dest = OutputPlacement.Prepare(destination, file.Path);
            store.MaterializeFile(LocalStore.FromProto(file.Digest), file.IsExecutable ? BlobMode.Executable : BlobMode.Plain, dest, file.Path);
        }
        foreach (var dir in result.Result.OutputDirectories)
        {
            var dest = OutputPlacement.Prepare(destination, dir.Path);
            store.Materialize(LocalStore.FromProto(dir.RootDirectoryDigest), dest);
        }
    }

    /// An output of a result the request did not declare (a cached result is only ever the request's own), or null.
    private static string? UndeclaredOutput(ProcessRequest request, Store.Reapi.ActionResult result)
    {
        foreach (var f in result.OutputFiles)
        {
            if (!request.OutputFiles.Contains(f.Path)) return $"output file {f.Path} was not declared";
        }
        foreach (var d in result.OutputDirectories)
        {
            if (!request.OutputDirectories.Contains(d.Path)) return $"output directory {d.Path} was not declared";
        }
        if (result.OutputSymlinks.Count + result.OutputFileSymlinks.Count + result.OutputDirectorySymlinks.Count > 0) return "output symlinks were not declared";
        return null;
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
