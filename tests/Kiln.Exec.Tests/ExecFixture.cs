using Kiln.Core;
using Kiln.Store;
using Kiln.Testing;

namespace Kiln.Exec.Tests;

/// A store in a fresh temp directory, plus runners and executors over it, with a recording observer.
internal sealed class ExecFixture : IDisposable
{
    /// Where the launcher (`setsid`) and `bwrap` are found; a test never sees the host's PATH.
    public static readonly IReadOnlyList<string> SearchPath = ["/usr/bin", "/bin"];

    /// What a strict-mode shell action needs to see: on Debian /bin, /lib and /lib64 are symlinks into /usr.
    public static readonly EquatableArray<string> ShellToolDirs = new[] { "/usr", "/bin", "/lib", "/lib64" };

    public TempDirectory Temp { get; } = new("kiln-exec");
    public RecordingObserver Events { get; } = new();
    public LocalStore Store { get; }

    public ExecFixture() => Store = new LocalStore(Temp.Combine("store"), observer: Events);

    public CachingExecutor Executor(SandboxMode mode = SandboxMode.Directory, int jobs = 4) =>
        new(Store, Runner(mode, jobs), Events);

    public LocalRunner Runner(SandboxMode mode = SandboxMode.Directory, int jobs = 4) =>
        new(Store, new JobLimiter(jobs), mode, SearchPath, Events);

    /// An input root holding the given files (relative path → content).
    public Digest InputRoot(params (string Path, string Content)[] files)
    {
        var dir = Temp.Combine("inputs", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        foreach (var (path, content) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, path))!);
            File.WriteAllText(Path.Combine(dir, path), content);
        }
        return Store.Snapshot(dir);
    }

    /// A request running `sh -c script`, with PATH only.
    public static ProcessRequest Shell(string script, Digest inputRoot, string[]? outputFiles = null, string[]? outputDirs = null,
        string description = "test action") =>
        new(new[] { "/bin/sh", "-c", script },
            new EquatableMap<string>([new("PATH", "/usr/bin:/bin")]),
            inputRoot, outputFiles ?? [], outputDirs ?? [], description);

    public string Stdout(ExecutionResult result) => System.Text.Encoding.UTF8.GetString(Executor().ReadStdout(result));
    public string Stderr(ExecutionResult result) => System.Text.Encoding.UTF8.GetString(Executor().ReadStderr(result));

    public void Dispose() => Temp.Dispose();
}

internal sealed class RecordingObserver : IBuildObserver
{
    private readonly List<BuildEvent> _events = [];
    public IReadOnlyList<BuildEvent> Events { get { lock (_events) return [.. _events]; } }
    public void On(BuildEvent e) { lock (_events) _events.Add(e); }
}
