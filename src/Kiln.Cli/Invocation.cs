using Kiln.Cli.Rendering;
using Kiln.Core;
using Kiln.Exec;
using Kiln.Store;

namespace Kiln.Cli;

/// Everything one command run needs from the outside world, built once from global options.
internal sealed class Invocation(HostEnvironment host, TextWriter stdout, TextWriter stderr, bool verbose, int jobs)
{
    private LocalStore? _store;

    public HostEnvironment Host { get; } = host;
    public TextWriter Out { get; } = stdout;
    public TextWriter Err { get; } = stderr;
    public bool Verbose { get; } = verbose;
    public int Jobs { get; } = jobs > 0 ? jobs : Environment.ProcessorCount;
    public RunStats Stats { get; } = new();
    public IBuildObserver Observer { get; } = new ConsoleObserver(stderr, verbose);

    public LocalStore Store => _store ??= new LocalStore(Host.StoreRoot, Stats, Observer);

    public string ResolvePath(string path) => Path.GetFullPath(path, Host.CurrentDirectory);

    public CachingExecutor Executor(SandboxMode mode, bool keepSandboxes = false) =>
        new(Store, new LocalRunner(Store, new JobLimiter(Jobs), mode, Host.SearchPath, Observer, keepSandboxes: keepSandboxes), Observer);
}
