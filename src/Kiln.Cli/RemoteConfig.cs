namespace Kiln.Cli;

/// The `[remote]` table of kiln.toml, as written (secrets are resolved later, by RemoteSettingsResolver).
///
/// [remote]
/// cache = "grpc://cache.example:8980"        # or grpcs://, http://host:port/prefix, https://
/// instance_name = "main"                     # REAPI instance (grpc only)
/// upload = false                             # write results to the remote (trusted writers such as CI)
/// timeout_seconds = 30                       # per remote call; a slower remote is disabled for the run
/// headers = { "x-team" = "go" }              # extra headers on every request
/// headers_from_env = { "authorization" = "KILN_REMOTE_TOKEN" }   # header value from an environment variable
/// header_file = "/run/secrets/kiln-headers"  # lines "Name: value", for secrets kept out of the repository
internal sealed record RemoteConfig(
    string File,
    Uri? Cache,
    string InstanceName,
    bool? Upload,
    double? TimeoutSeconds,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> HeadersFromEnv,
    string? HeaderFile)
{
    public static RemoteConfig Empty(string file) =>
        new(file, null, "", null, null, new Dictionary<string, string>(), new Dictionary<string, string>(), null);
}
