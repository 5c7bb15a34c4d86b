using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kiln.Testing;

/// Bazel's own REAPI test server, RemoteWorker, as a third-party gRPC cache: compiled with javac from
/// Debian's bazel-bootstrap-source against bazel-bootstrap-data's A-server.jar (eng/install-deps.sh installs
/// both and a JDK), then started on a free loopback port with its work and CAS directories in a temp dir.
/// The compiled classes are cached under /tmp, keyed by the jar's mtime, so later runs skip the compile;
/// they are never part of the repository. It binds every interface: send it traffic on 127.0.0.1 only.
public sealed class BazelRemoteWorker : IDisposable
{
    public const string ServerJar = "/usr/share/bazel/A-server.jar";
    public const string SourceDir = "/usr/src/bazel-bootstrap/src/tools/remote/src/main/java/com/google/devtools/build/remote/worker";
    private const string MainClass = "com.google.devtools.build.remote.worker.RemoteWorker";

    private readonly TempDirectory _temp = new("kiln-remoteworker");
    private readonly Process _java;
    private readonly StringBuilder _log = new();

    public BazelRemoteWorker()
    {
        var classes = CompiledClasses();
        Port = NginxInstance.FreePort();
        foreach (var dir in new[] { "work", "cas" }) Directory.CreateDirectory(_temp.Combine(dir));
        var psi = new ProcessStartInfo("java",
        [
            "-cp", $"{classes}:{ServerJar}", MainClass, $"--listen_port={Port}",
            $"--work_path={_temp.Combine("work")}", $"--cas_path={_temp.Combine("cas")}", $"--pid_file={_temp.Combine("pid")}",
        ])
        { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _temp.Path };
        _java = Process.Start(psi)!;
        _java.OutputDataReceived += (_, e) => Append(e.Data);
        _java.ErrorDataReceived += (_, e) => Append(e.Data);
        _java.BeginOutputReadLine();
        _java.BeginErrorReadLine();
        WaitUntilListening();
    }

    public int Port { get; }
    public Uri Url => new($"grpc://127.0.0.1:{Port}");

    /// What the server printed so far (for failure messages).
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// The classes compiled from the Debian sources, compiled once per A-server.jar version.
    private static string CompiledClasses()
    {
        if (!File.Exists(ServerJar) || !Directory.Exists(SourceDir))
            throw new InvalidOperationException("RemoteWorker needs Debian's bazel-bootstrap-data and bazel-bootstrap-source: eng/install-deps.sh installs them");
        var key = File.GetLastWriteTimeUtc(ServerJar).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var cache = Path.Combine(Path.GetTempPath(), "kiln-remoteworker-classes", key);
        if (File.Exists(Path.Combine(cache, "complete"))) return cache;
        var staging = Directory.CreateTempSubdirectory("kiln-remoteworker-javac-").FullName;
        var sources = Directory.EnumerateFiles(SourceDir, "*.java").Concat(Directory.EnumerateFiles(Path.Combine(SourceDir, "http"), "*.java"));
        var psi = new ProcessStartInfo("javac", ["-nowarn", "-cp", ServerJar, "-d", staging, .. sources])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using (var javac = Process.Start(psi) ?? throw new InvalidOperationException("javac did not start"))
        {
            var stderr = javac.StandardError.ReadToEndAsync();
            javac.StandardOutput.ReadToEnd();
            if (!javac.WaitForExit(TimeSpan.FromMinutes(3))) throw new InvalidOperationException("javac took longer than 3 minutes");
            if (javac.ExitCode != 0) throw new InvalidOperationException("javac failed to compile RemoteWorker:\n" + stderr.Result);
        }
        File.WriteAllText(Path.Combine(staging, "complete"), "");
        Directory.CreateDirectory(Path.GetDirectoryName(cache)!);
        if (Directory.Exists(cache) && !File.Exists(Path.Combine(cache, "complete"))) Directory.Delete(cache, recursive: true);
        try { Directory.Move(staging, cache); }
        catch (IOException) when (File.Exists(Path.Combine(cache, "complete"))) { Directory.Delete(staging, recursive: true); } // a concurrent run won
        return cache;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_java.HasExited) throw new InvalidOperationException($"RemoteWorker exited with {_java.ExitCode}:\n{Log}");
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) { Thread.Sleep(100); }
        }
        throw new InvalidOperationException("RemoteWorker did not start listening within 60 s:\n" + Log);
    }

    public void Dispose()
    {
        try { _java.Kill(entireProcessTree: true); _java.WaitForExit(5000); }
        catch (InvalidOperationException) { }
        _java.Dispose();
        _temp.Dispose();
    }
}
