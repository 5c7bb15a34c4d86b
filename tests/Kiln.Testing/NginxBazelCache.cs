using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
namespace Kiln.Testing;

/// Debian's nginx serving the Bazel HTTP cache protocol with the reference config
/// (testdata/nginx-bazel-cache.conf, a copy of shared/reference/), moved to a free loopback port.
public sealed class NginxBazelCache : IDisposable
{
    private readonly TempDirectory _prefix = new("kiln-nginx-cache");
    private readonly Process _nginx;

    public NginxBazelCache()
    {
        Port = FreePort();
        var p = _prefix.Path;
        foreach (var dir in new[] { "data", "tmp", "logs" }) Directory.CreateDirectory(Path.Combine(p, dir));
        var template = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "nginx-bazel-cache.conf"));
        if (!template.Contains("127.0.0.1:18080", StringComparison.Ordinal)) throw new InvalidOperationException("the reference nginx config no longer listens on 127.0.0.1:18080");
        var conf = Path.Combine(p, "nginx-bazel-cache.conf");
        File.WriteAllText(conf, template.Replace("127.0.0.1:18080", $"127.0.0.1:{Port}", StringComparison.Ordinal));
        var psi = new ProcessStartInfo("/usr/sbin/nginx", ["-p", p, "-c", conf, "-e", Path.Combine(p, "logs", "error.log"), "-g", "daemon off;"])
        { RedirectStandardError = true, RedirectStandardOutput = true };
        if (!File.Exists(psi.FileName)) throw new InvalidOperationException("nginx is not installed: eng/install-deps.sh installs it");
        _nginx = Process.Start(psi)!;
        WaitUntilListening();
    }

    public int Port { get; }
    public string DataDir => Path.Combine(_prefix.Path, "data");
    public Uri Url(string prefix = "") => new($"http://127.0.0.1:{Port}{(prefix.Length > 0 ? "/" + prefix : "")}");

    private void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_nginx.HasExited) throw new InvalidOperationException("nginx exited: " + _nginx.StandardError.ReadToEnd());
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) { Thread.Sleep(50); }
        }
        throw new InvalidOperationException("nginx did not start listening");
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Dispose()
    {
        try { _nginx.Kill(entireProcessTree: true); _nginx.WaitForExit(5000); }
        catch (InvalidOperationException) { }
        _nginx.Dispose();
        _prefix.Dispose();
    }
}
