namespace Kiln.Remote;

/// Where the remote cache is and how to talk to it. Url: `grpc://host:port`, `grpcs://host:port`,
/// `http://host:port/prefix` or `https://...` (see TryParseUrl).
public sealed record RemoteCacheSettings(Uri Url, string InstanceName, bool Upload, TimeSpan Timeout, IReadOnlyDictionary<string, string> Headers)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public bool IsGrpc => Url.Scheme is "grpc" or "grpcs";

    /// Parses a remote cache URL; on failure, `error` says why in words for people.
    public static bool TryParseUrl(string text, out Uri url, out string error)
    {
        url = null!;
        error = "";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || parsed.Host.Length == 0)
        {
            error = "not an absolute URL with a host";
            return false;
        }
        if (parsed.Scheme is not ("grpc" or "grpcs" or "http" or "https"))
        {
            error = $"unsupported scheme '{parsed.Scheme}' (use grpc, grpcs, http or https)";
            return false;
        }
        if (parsed.Scheme is "grpc" or "grpcs" && parsed.AbsolutePath is not ("" or "/"))
        {
            error = "a grpc URL has no path (use instance_name for the REAPI instance)";
            return false;
        }
        if (parsed.Query.Length > 0 || parsed.Fragment.Length > 0)
        {
            error = "a remote cache URL has no query or fragment";
            return false;
        }
        url = parsed;
        return true;
    }
}
