namespace Kiln.Testing;

/// Debian's nginx serving the Bazel HTTP cache protocol with the reference config
/// (testdata/nginx-bazel-cache.conf, a copy of shared/reference/), moved to a free loopback port.
public sealed class NginxBazelCache : IDisposable
{
    private readonly TempDirectory _prefix = new("kiln-nginx-cache");
    private readonly NginxInstance _nginx;

    public NginxBazelCache()
    {
        Port = FreePort();
        var p = _prefix.Path;
        foreach (var dir in new[] { "data", "tmp", "logs" }) Directory.CreateDirectory(Path.Combine(p, dir));
        var template = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "nginx-bazel-cache.conf"));
        if (!template.Contains("127.0.0.1:18080", StringComparison.Ordinal)) throw new InvalidOperationException("the reference nginx config no longer listens on 127.0.0.1:18080");
        var conf = Path.Combine(p, "nginx-bazel-cache.conf");
        File.WriteAllText(conf, template.Replace("127.0.0.1:18080", $"127.0.0.1:{Port}", StringComparison.Ordinal));
        _nginx = new NginxInstance(p, conf, Port);
    }

    public int Port { get; }
    public string DataDir => Path.Combine(_prefix.Path, "data");
    public Uri Url(string prefix = "") => new($"http://127.0.0.1:{Port}{(prefix.Length > 0 ? "/" + prefix : "")}");

    public static int FreePort() => NginxInstance.FreePort();

    public void Dispose()
    {
        _nginx.Dispose();
        _prefix.Dispose();
    }
}
