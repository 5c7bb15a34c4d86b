using System.Net;
using System.Text.RegularExpressions;
using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// Debian's nginx serving the corpus proxy directory over HTTP on a free loopback port, with an access log
/// the tests read to see exactly which module files were requested.
internal sealed partial class NginxModuleProxy : IDisposable
{
    private readonly TempDirectory _prefix = new("kiln-nginx");
    private readonly NginxInstance _nginx;

    public NginxModuleProxy(string proxyDir)
    {
        Port = NginxInstance.FreePort();
        var p = _prefix.Path;
        Directory.CreateDirectory(Path.Combine(p, "tmp"));
        File.WriteAllText(Path.Combine(p, "nginx.conf"), $$"""
            {{(Environment.UserName == "root" ? "user root root;" : "")}}
            worker_processes 1;
            pid {{p}}/nginx.pid;
            error_log {{p}}/error.log;
            events { worker_connections 256; }
            http {
              access_log {{p}}/access.log;
              client_body_temp_path {{p}}/tmp/body;
              proxy_temp_path {{p}}/tmp/proxy;
              fastcgi_temp_path {{p}}/tmp/fastcgi;
              uwsgi_temp_path {{p}}/tmp/uwsgi;
              scgi_temp_path {{p}}/tmp/scgi;
              default_type application/octet-stream;
              server {
                listen 127.0.0.1:{{Port}};
                root {{proxyDir}};
                location / { try_files $uri =404; }
              }
            }
            """);
        _nginx = new NginxInstance(p, Path.Combine(p, "nginx.conf"), Port);
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    /// Request paths logged so far (decoded), in order.
    public IReadOnlyList<string> Requests()
    {
        var log = Path.Combine(_prefix.Path, "access.log");
        if (!File.Exists(log)) return [];
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Select(l => RequestLine().Match(l)).Where(m => m.Success)
            .Select(m => WebUtility.UrlDecode(m.Groups[1].Value)).ToList();
    }

    public IReadOnlyList<string> ZipRequests() => Requests().Where(r => r.EndsWith(".zip", StringComparison.Ordinal)).ToList();

    public void ClearLog()
    {
        var log = Path.Combine(_prefix.Path, "access.log");
        if (File.Exists(log)) File.WriteAllText(log, "");
    }

    public void Dispose()
    {
        _nginx.Dispose();
        _prefix.Dispose();
    }

    [GeneratedRegex("\"(?:GET|HEAD) (\\S+) HTTP")]
    private static partial Regex RequestLine();
}
