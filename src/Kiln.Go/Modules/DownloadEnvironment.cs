using Kiln.Go.Sdk;

namespace Kiln.Go.Modules;

/// The environment of the one step that may reach a module proxy. The user's proxy and checksum settings
/// reach this step only; every other go invocation runs with GOPROXY=off.
public sealed class DownloadEnvironment(IReadOnlyDictionary<string, string> userVariables)
{
    /// Host variables passed through to the download step, if set.
    public static readonly string[] PassThrough =
    [
        "GOPROXY", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOSUMDB", "GOINSECURE",
        "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR",
    ];

    public Dictionary<string, string> For(GoSdk sdk)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = "{sandbox}/home",
            ["GOPATH"] = "{sandbox}/gopath",
            ["GOMODCACHE"] = "{sandbox}/gomodcache",
            ["GOCACHE"] = "{sandbox}/gocache",
            ["GOENV"] = "off",
            ["GOTOOLCHAIN"] = "local",
            ["GOWORK"] = "off",
            ["PATH"] = Path.GetDirectoryName(sdk.GoBinary) + ":/usr/bin:/bin",
        };
        foreach (var name in PassThrough)
        {
            if (userVariables.TryGetValue(name, out var value) && value.Length > 0) env[name] = value;
        }
        var userFlags = userVariables.TryGetValue("GOFLAGS", out var f) ? f : "";
        env["GOFLAGS"] = ("-mod=readonly -modcacherw " + userFlags).Trim();
        return env;
    }
}
