using Kiln.Core;
using Kiln.Remote;

namespace Kiln.Cli;

/// Decides the run's remote cache from, in order, `--remote-cache`, `$KILN_REMOTE_CACHE` and kiln.toml's
/// `[remote] cache`; uploads from `--remote-upload`, `$KILN_REMOTE_UPLOAD=1` or `upload = true`. Header
/// secrets come from environment variables or a header file, never from the repository.
internal static class RemoteSettingsResolver
{
    public static RemoteCacheSettings? Resolve(string? flagUrl, bool flagUpload, HostEnvironment host, RemoteConfig? config)
    {
        Uri? url = null;
        if (flagUrl is not null) url = KilnConfig.ParseUrl(flagUrl, "(command line)", "--remote-cache");
        else if (host.Get("KILN_REMOTE_CACHE") is { } envUrl) url = KilnConfig.ParseUrl(envUrl, "(environment)", "KILN_REMOTE_CACHE");
        else url = config?.Cache;
        if (url is null) return null;

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (config is not null)
        {
            foreach (var (name, value) in config.Headers) headers[name] = value;
            foreach (var (name, variable) in config.HeadersFromEnv)
                headers[name] = host.Get(variable) ?? throw MissingHeaderVariable(config.File, name, variable);
            if (config.HeaderFile is { } file) ReadHeaderFile(config.File, file, headers);
        }
        var upload = flagUpload || host.Get("KILN_REMOTE_UPLOAD") == "1" || config?.Upload == true;
        var timeout = config?.TimeoutSeconds is { } secs ? TimeSpan.FromSeconds(secs) : RemoteCacheSettings.DefaultTimeout;
        return new RemoteCacheSettings(url, config?.InstanceName ?? "", upload, timeout, headers);
    }

    private static void ReadHeaderFile(string configFile, string path, Dictionary<string, string> headers)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw BadHeaderFile(configFile, path, e.Message); }
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw BadHeaderFile(configFile, path, "every line must be \"Name: value\"");
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
    }

    private static KilnException MissingHeaderVariable(string file, string header, string variable) => new(ErrorKind.User,
        "a remote cache header's environment variable is not set",
        [("file", file), ("setting", $"remote.headers_from_env.{header}"), ("variable", variable)],
        hint: $"export {variable}, or remove the header from kiln.toml");

    private static KilnException BadHeaderFile(string file, string headerFile, string why) => new(ErrorKind.User,
        "the remote cache header file cannot be used", [("file", file), ("setting", "remote.header_file"), ("header file", headerFile), ("why", why)]);
}
