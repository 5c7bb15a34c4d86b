using Kiln.Cli.Rendering;
using Kiln.Core;
using Kiln.Exec;
using Kiln.Go.Modules;
using Kiln.Remote;
using Kiln.Store;

namespace Kiln.Cli;

/// Everything one command run needs from the outside world, built once from global options.
internal sealed class Invocation(HostEnvironment host, ProgressOutput output, bool verbose, int jobs) : IDisposable
{
    private LocalStore? _store;
    private StoreLease? _lease;
    private KilnConfig? _config;

    public HostEnvironment Host { get; } = host;
    /// stdout and stderr; while a live progress view is shown, their lines are printed above it.
    public TextWriter Out { get; } = output.Out;
    public TextWriter Err { get; } = output.Err;
    public bool Verbose { get; } = verbose;
    public int Jobs { get; } = jobs > 0 ? jobs : Environment.ProcessorCount;
    public RunStats Stats { get; } = new();
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public IBuildObserver Observer { get; } = output.Observer;

    /// Ends the progress view (before running a program on this terminal, or printing the final report).
    public Task EndProgressAsync() => output.StopAsync();

    /// `--profile` or `-v` on build, test and list: the run's timing (null: not recorded at all).
    public Core.Profiling.ProfileRecorder? Profile { get; init; }

    public string? RemoteCacheFlag { get; init; }
    public bool RemoteUploadFlag { get; init; }

    /// kiln.toml of the workspace around the current directory (defaults when there is none).
    public KilnConfig Config => _config ??= KilnConfig.Load(Workspace.FindRoot(Host.CurrentDirectory, Workspace.GoWorkSetting(Host.Variables)));

    /// The store, backed by the remote cache when one is configured. The first use takes this process's lease
    /// on it (see <see cref="StoreExclusive"/>), held until the command ends.
    public LocalStore Store => _store ??= CreateStore();

    /// Set before the first use of <see cref="Store"/> by commands that remove from it (gc, clean): they wait
    /// for every other kiln process on the store to finish, and others wait for them.
    public bool StoreExclusive { get; set; }

    private LocalStore CreateStore()
    {
        _lease = StoreLease.Acquire(Host.StoreRoot, StoreExclusive, message => Err.WriteLine("note: " + message));
        var settings = RemoteSettingsResolver.Resolve(RemoteCacheFlag, RemoteUploadFlag, Host, Config.Remote);
        var remote = settings is null ? null : RemoteCacheFactory.Create(settings, Observer, Stats, Guid.NewGuid().ToString("D"));
        return new LocalStore(Host.StoreRoot, Stats, Observer) { Remote = remote, UploadToRemote = settings?.Upload ?? false };
    }

    /// Releases the store lease (before running a user's program that may outlive the build, and at the end).
    public void ReleaseStore() => _lease?.Dispose();

    public void Dispose() => ReleaseStore();

    public string ResolvePath(string path) => Path.GetFullPath(path, Host.CurrentDirectory);

    public CachingExecutor Executor(SandboxMode mode, bool keepSandboxes = false) =>
        new(Store, new LocalRunner(Store, new JobLimiter(Jobs), mode, Host.SearchPath, Observer, keepSandboxes: keepSandboxes)
        {
            DeleteSandboxesInBackground = true,   // KilnApp waits for them before the command exits
        }, Observer, Profile);
}
