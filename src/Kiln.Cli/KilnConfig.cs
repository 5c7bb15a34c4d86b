using Kiln.Core;
using Kiln.Remote;
using Tomlyn;
using Tomlyn.Model;

namespace Kiln.Cli;

/// `kiln.toml` at the workspace root. Everything is optional; with no file Kiln uses its defaults.
///
/// [go]
/// sdk = "/usr/lib/go-1.23/bin/go"   # the go binary (or a GOROOT); default: `go` on PATH
///
/// [build]                           # flags win over these, these over $GOOS, $GOARCH, $CGO_ENABLED
/// goos = "linux"
/// goarch = "arm64"
/// cgo = false
/// tags = ["netgo", "purego"]
/// race = true                       # as -race
///
/// [remote]                           # see RemoteConfig
/// cache = "grpc://cache.example:8980"
internal sealed record KilnConfig(string? GoSdk, BuildSettings Build, RemoteConfig? Remote = null)
{
    public static readonly KilnConfig Default = new(null, BuildSettings.None);

    private const string Known = "go.sdk, build.goos, build.goarch, build.cgo, build.tags, build.race, [remote]";
    private const string RemoteKeys = "remote.cache, remote.instance_name, remote.upload, remote.timeout_seconds, remote.headers, remote.headers_from_env, remote.header_file";

    public static KilnConfig Load(string? workspaceRoot)
    {
        if (workspaceRoot is null) return Default;
        var path = Path.Combine(workspaceRoot, "kiln.toml");
        if (!File.Exists(path)) return Default;
        TomlTable table;
        try { table = TomlSerializer.Deserialize(File.ReadAllText(path), KilnToml.Default.TomlTable) ?? new TomlTable(); }
        catch (TomlException e) { throw BadToml(path, ParserMessage(e)); }
        string? sdk = null;
        var build = BuildSettings.None;
        RemoteConfig? remote = null;
        foreach (var (section, value) in table)
        {
            if (section == "go" && value is TomlTable go)
            {
                foreach (var (key, v) in go)
                {
                    if (key != "sdk") throw Unknown(path, $"go.{key}", Known);
                    sdk = Path.GetFullPath(v as string ?? throw BadValue(path, "go.sdk", "a string"), workspaceRoot);
                }
            }
            else if (section == "build" && value is TomlTable b)
            {
                foreach (var (key, v) in b)
                {
                    build = key switch
                    {
                        "goos" => build with { GoOs = v as string ?? throw BadValue(path, "build.goos", "a string") },
                        "goarch" => build with { GoArch = v as string ?? throw BadValue(path, "build.goarch", "a string") },
                        "cgo" => build with { Cgo = v as bool? ?? throw BadValue(path, "build.cgo", "true or false") },
                        "tags" => build with { Tags = Tags(path, v) },
                        "race" => build with { Race = v as bool? ?? throw BadValue(path, "build.race", "true or false") },
                        _ => throw Unknown(path, $"build.{key}", Known),
                    };
                }
            }
            else if (section == "remote" && value is TomlTable r)
            {
                remote = LoadRemote(path, workspaceRoot, r);
            }
            else throw Unknown(path, value is TomlTable ? $"[{section}]" : section, Known);
        }
        return new KilnConfig(sdk, build, remote);
    }

    private static RemoteConfig LoadRemote(string path, string workspaceRoot, TomlTable table)
    {
        var config = RemoteConfig.Empty(path);
        foreach (var (key, v) in table)
        {
            config = (key, v) switch
            {
                ("cache", string url) => config with { Cache = ParseUrl(url, path, "remote.cache") },
                ("instance_name", string name) => config with { InstanceName = name },
                ("upload", bool upload) => config with { Upload = upload },
                ("timeout_seconds", long secs) when secs > 0 => config with { TimeoutSeconds = secs },
                ("timeout_seconds", double secs) when secs > 0 => config with { TimeoutSeconds = secs },
                ("headers", TomlTable h) => config with { Headers = Strings(h, path, "remote.headers") },
                ("headers_from_env", TomlTable h) => config with { HeadersFromEnv = Strings(h, path, "remote.headers_from_env") },
                ("header_file", string file) => config with { HeaderFile = Path.GetFullPath(file, workspaceRoot) },
                _ => throw Unknown(path, $"remote.{key}", RemoteKeys),
            };
        }
        return config;
    }

    /// The parser's own text (`(1,7) : error : Expected ...`): the generated TomlTable converter wraps it in a
    /// "while trying to convert" exception that says nothing to a person.
    private static string ParserMessage(TomlException e) => e.InnerException is TomlException inner ? ParserMessage(inner) : e.Message;

    /// Parses a remote cache URL from kiln.toml or a flag; a bad one is a user error naming where it came from.
    public static Uri ParseUrl(string text, string file, string key) =>
        RemoteCacheSettings.TryParseUrl(text, out var url, out var why) ? url : throw BadRemoteUrl(file, key, text, why);

    private static Dictionary<string, string> Strings(TomlTable table, string path, string key)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, v) in table)
        {
            if (v is not string s) throw Unknown(path, $"{key}.{name}", $"{key} values are strings");
            result[name] = s;
        }
        return result;
    }

    private static List<string> Tags(string path, object value) =>
        value is TomlArray array && array.All(t => t is string s && s.Length > 0 && !s.Contains(',') && !s.Any(char.IsWhiteSpace))
            ? [.. array.Cast<string>()]
            : throw BadValue(path, "build.tags", "an array of tag names, like [\"netgo\", \"purego\"]");

    public static KilnException BadRemoteUrl(string file, string key, string value, string why) => new(ErrorKind.User,
        "the remote cache URL is not valid", [("file", file), ("setting", key), ("value", value), ("why", why)],
        hint: "write grpc://host:port, grpcs://host:port, http://host:port/prefix or https://host/prefix");

    private static KilnException BadToml(string path, string why) => new(ErrorKind.User,
        "kiln.toml is not valid TOML", [("file", path), ("why", why)]);

    private static KilnException Unknown(string path, string key, string known) => new(ErrorKind.User,
        "kiln.toml has a setting Kiln does not know", [("file", path), ("setting", key), ("known", known)]);

    private static KilnException BadValue(string path, string key, string expected) => new(ErrorKind.User,
        "a kiln.toml setting has a value of the wrong kind", [("file", path), ("setting", key), ("expected", expected)]);
}
