using Google.Protobuf;
using Kiln.Core;
using Kiln.Core.Profiling;
using Kiln.Store;
using Kiln.Store.Reapi;

namespace Kiln.Exec;

/// Runs an action in a fresh sandbox directory holding exactly its input root, with exactly its declared
/// environment, and captures its declared outputs and stdout/stderr into the store.
public sealed class LocalRunner(LocalStore store, JobLimiter jobs, SandboxMode mode, IReadOnlyList<string> searchPath,
    IBuildObserver? observer = null, TimeProvider? time = null, bool keepSandboxes = false)
{
    private readonly IBuildObserver _observer = observer ?? NullBuildObserver.Instance;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly string? _bwrap = mode == SandboxMode.Strict ? Bubblewrap.Find(searchPath) ?? throw ExecErrors.NoBubblewrap() : null;

    /// Leaves each finished sandbox to <see cref="SandboxDeletions"/> (the caller waits for them before it exits).
    public bool DeleteSandboxesInBackground { get; init; }

    public Task<ExecutionResult> RunAsync(ProcessRequest request, CancellationToken ct) => RunAsync(request, timing: null, ct);

    /// `timing`: the action's profile, which gets the phases queued, sandbox materialized, process run and outputs captured.
    public Task<ExecutionResult> RunAsync(ProcessRequest request, ActionProfile? timing, CancellationToken ct) => RunAsync(request, timing, live: null, ct);

    /// `live`: gets the process's stdout as it is written (a run whose output is shown as it comes), besides its capture.
    public async Task<ExecutionResult> RunAsync(ProcessRequest request, ActionProfile? timing, Action<ReadOnlyMemory<byte>>? live, CancellationToken ct)
    {
        request.Validate();
        var key = request.Key();
        using var slot = await jobs.AcquireAsync(request.Priority, ct);
        timing?.Phase("queued");
        var sandbox = store.NewSandbox();
        var root = Path.Combine(sandbox, "root");
        try
        {
            store.Stats.ActionMaterialized(store.Materialize(request.InputRoot, root));
            foreach (var output in request.OutputFiles.Concat(request.OutputDirectories))
            {
                var parent = Path.GetDirectoryName(Path.Combine(root, output));
                if (parent is not null) System.IO.Directory.CreateDirectory(parent);
            }
            request.View?.Fill(root, hidden: store.Root, linkFiles: _bwrap is null);
            var workDir = Path.Combine(root, request.WorkingDirectory);
            System.IO.Directory.CreateDirectory(workDir);
            timing?.Phase("sandbox materialized");
            _observer.On(new ActionStarted(request.Description, key));
            var started = _time.GetTimestamp();
            var (exitCode, timedOut) = await RunProcessAsync(request, root, workDir, sandbox, live, ct);
            timing?.Phase("process run");
            var result = new ActionResult
            {
                ExitCode = exitCode,
                StdoutDigest = LocalStore.ToProto(Capture(Path.Combine(sandbox, "stdout"))),
                StderrDigest = LocalStore.ToProto(Capture(Path.Combine(sandbox, "stderr"))),
            };
            CollectOutputs(request, root, result);
            timing?.Phase("outputs captured");
            store.Stats.ActionExecuted();
            var outcome = timedOut || exitCode != 0 ? ActionOutcome.Failed : ActionOutcome.Executed;
            _observer.On(new ActionFinished(request.Description, key, outcome, exitCode, _time.GetElapsedTime(started)));
            return new ExecutionResult(key, result, outcome, timedOut);
        }
        finally
        {
            if (DeleteSandboxesInBackground && !keepSandboxes) SandboxDeletions.Start(sandbox);
            else LocalStore.DeleteSandbox(sandbox, keepTree: keepSandboxes);
        }
    }

    private async Task<(int ExitCode, bool TimedOut)> RunProcessAsync(ProcessRequest request, string root, string workDir, string sandbox,
        Action<ReadOnlyMemory<byte>>? live, CancellationToken ct)
    {
        var argv = request.RunArgv().Select(a => a.Replace(ProcessRequest.SandboxPlaceholder, root, StringComparison.Ordinal)).ToList();
        IReadOnlyList<string> full = _bwrap is null
            ? argv // started in a session of its own (SpawnedProcess), so a timeout kills every descendant
            : Bubblewrap.Wrap(_bwrap, sandbox, workDir, request.View is { } view ? request.ToolDirectories.Append(view.HostDir) : request.ToolDirectories, argv);
        foreach (var dir in request.ToolDirectories)
        {
            if (_bwrap is not null && !System.IO.Directory.Exists(dir)) throw ExecErrors.ToolDirMissing(dir);
        }
        var launcher = ResolveLauncher(full[0]);
        var env = request.Env.Select(kv => kv.Key + "=" + kv.Value.Replace(ProcessRequest.SandboxPlaceholder, root, StringComparison.Ordinal));
        var stderrPath = Path.Combine(sandbox, "stderr");
        var (pid, errno) = SpawnedProcess.Start([launcher, .. full.Skip(1)], env, workDir, Path.Combine(sandbox, "stdout"), stderrPath);
        if (errno != 0) throw ExecErrors.CannotStart(request.Description, full[0], new System.ComponentModel.Win32Exception(errno).Message);
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var following = live is null ? Task.CompletedTask : OutputFollower.FollowAsync(Path.Combine(sandbox, "stdout"), live, ended.Task);

        using var timeout = request.Timeout is { } t ? new CancellationTokenSource(t, _time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        int exitCode;
        bool stopped;
        using (linked.Token.Register(() => KillTree(pid)))
        {
            try
            {
                exitCode = await Task.Factory.StartNew(() => SpawnedProcess.Wait(pid), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            finally
            {
                ended.SetResult();
            }
            stopped = linked.IsCancellationRequested; // the process ended because the kill above stopped it
        }
        await following;
        // Stragglers left in its process group after the main process exited (one signal: walking the process
        // table for descendants costs more than a small compile).
        ProcessNative.KillGroup(pid);
        if (stopped)
        {
            ct.ThrowIfCancellationRequested();
            await File.AppendAllTextAsync(stderrPath, $"\nkiln: action timed out after {request.Timeout}\n", CancellationToken.None);
            return (-1, true);
        }
        return (exitCode, false);
    }

    private string ResolveLauncher(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal)) return program;
        return searchPath.Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists) ?? program;
    }

    /// A process still running, its group and its descendants (bwrap's sandboxed command is in a session of its own).
    /// The tree first: once the group's signal has killed bwrap, its children are no longer below it.
    private static void KillTree(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (ArgumentException) { } // already gone
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
        ProcessNative.KillGroup(pid);
    }

    /// A finished action's file, into the store: moved, unless the sandbox is kept for inspection.
    private Core.Digest Capture(string path) => keepSandboxes ? store.PutFile(path) : store.AdoptFile(path);

    private void CollectOutputs(ProcessRequest request, string root, ActionResult result)
    {
        foreach (var path in request.OutputFiles.Distinct().Order(StringComparer.Ordinal))
        {
            var full = Path.Combine(root, path);
            if (!File.Exists(full) || System.IO.Directory.Exists(full)) continue;
            var executable = (File.GetUnixFileMode(full) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
            result.OutputFiles.Add(new OutputFile { Path = path, Digest = LocalStore.ToProto(Capture(full)), IsExecutable = executable });
        }
        foreach (var path in request.OutputDirectories.Distinct().Order(StringComparer.Ordinal))
        {
            var full = Path.Combine(root, path);
            if (!System.IO.Directory.Exists(full)) continue;
            var dirDigest = store.Snapshot(full);
            var tree = store.TryBuildTree(dirDigest) ?? throw StoreErrors.BadTree(dirDigest, "just written, but unreadable");
            var treeDigest = store.PutBytes(tree.ToByteArray());
            result.OutputDirectories.Add(new OutputDirectory
            {
                Path = path,
                TreeDigest = LocalStore.ToProto(treeDigest),
                RootDirectoryDigest = LocalStore.ToProto(dirDigest),
            });
        }
    }
}
