using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kiln.Testing;

/// Debian's nginx started in the foreground with a prefix and config of the test's own, on a loopback
/// port; ready when it accepts connections; killed on dispose.
public sealed class NginxInstance : IDisposable
{
    private readonly Process _nginx;

    public NginxInstance(string prefix, string config, int port)
    {
        Port = port;
        var psi = new ProcessStartInfo("/usr/sbin/nginx", ["-p", prefix, "-c", config, "-e", Path.Combine(prefix, "error.log"), "-g", "daemon off;"])
        { RedirectStandardError = true, RedirectStandardOutput = true };
        if (!File.Exists(psi.FileName)) throw new InvalidOperationException("nginx is not installed: eng/install-deps.sh installs it");
        _nginx = Process.Start(psi)!;
        WaitUntilListening();
    }

    public int Port { get; }

    /// A loopback port nothing listens on right now.
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

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

    public void Dispose()
    {
        try { _nginx.Kill(entireProcessTree: true); _nginx.WaitForExit(5000); }
        catch (InvalidOperationException) { }
        _nginx.Dispose();
    }
}
