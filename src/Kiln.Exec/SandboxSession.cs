using System.Diagnostics;
using Kiln.Core.Profiling;
using Kiln.Store;

namespace Kiln.Exec;

/// A sandbox directory that lives across several process runs, for steps that are not cacheable actions
/// (a module download, reading `go env`): the caller inspects what the processes left behind, then
/// disposes the session, which deletes the directory. Every run gets exactly its declared environment
/// and its whole process group is killed on timeout or cancellation.
public sealed class SandboxSession : IDisposable
{
    private readonly JobLimiter _jobs;
    private readonly ProfileRecorder? _profile;

    internal SandboxSession(string directory, JobLimiter jobs, ProfileRecorder? profile = null)
    {
        Root = directory;
        _jobs = jobs;
        _profile = profile;
    }

    /// Creates a session whose root holds the tree `inputRoot`. With a profile, each run is an action in it (phases:
    /// queued, process run).
    public static SandboxSession Open(LocalStore store, Core.Digest inputRoot, JobLimiter jobs, ProfileRecorder? profile = null)
    {
        var dir = store.NewSandbox("s-");
        store.Materialize(inputRoot, dir);
        return new SandboxSession(dir, jobs, profile);
    }

    public string Root { get; }

    /// Runs argv with exactly `env` (`{sandbox}` in values and arguments is replaced by Root) in `workDir`
    /// (relative to Root).
    public async Task<ProcessOutcome> RunAsync(IReadOnlyList<string> argv, IEnumerable<KeyValuePair<string, string>> env,
        string workDir, TimeSpan? timeout, string description, CancellationToken ct)
    {
        var timing = _profile?.BeginAction(description, CachingExecutor.Category(description));
        var outcome = "failed";
        try
        {
            var result = await RunTimedAsync(argv, env, workDir, timeout, description, timing, ct);
            if (result.Succeeded) outcome = "executed";
            return result;
        }
        finally
        {
            timing?.End(outcome);
        }
    }

    private async Task<ProcessOutcome> RunTimedAsync(IReadOnlyList<string> argv, IEnumerable<KeyValuePair<string, string>> env,
        string workDir, TimeSpan? timeout, string description, ActionProfile? timing, CancellationToken ct)
    {
        using var slot = await _jobs.AcquireAsync(ct);
        timing?.Phase("queued");
        var psi = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = Path.Combine(Root, workDir),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in argv) psi.ArgumentList.Add(arg.Replace(ProcessRequest.SandboxPlaceholder, Root, StringComparison.Ordinal));
        psi.Environment.Clear();
        foreach (var (name, value) in env) psi.Environment[name] = value.Replace(ProcessRequest.SandboxPlaceholder, Root, StringComparison.Ordinal);
        using var process = new Process { StartInfo = psi };
        try { process.Start(); }
        catch (System.ComponentModel.Win32Exception e) { throw ExecErrors.CannotStart(description, argv[0], e.Message); }
        process.StandardInput.Close();
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout, CancellationToken.None);
        var copyErr = process.StandardError.BaseStream.CopyToAsync(stderr, CancellationToken.None);
        using var timer = timeout is { } t ? new CancellationTokenSource(t) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            ProcessNative.KillGroup(process.Id);
            await process.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
            timedOut = true;
        }
        ProcessNative.KillGroup(process.Id);
        await Task.WhenAll(copyOut, copyErr);
        timing?.Phase("process run");
        return new ProcessOutcome(timedOut ? -1 : process.ExitCode, timedOut, stdout.ToArray(), stderr.ToArray());
    }

    public void Dispose()
    {
        LocalStore.DeleteSandbox(Root);
    }
}
