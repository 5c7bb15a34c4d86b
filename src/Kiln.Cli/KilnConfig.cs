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
        var text = File.ReadAllText(path);
        TomlTable table;
        try { table = TomlSerializer.Deserialize(text, KilnToml.Default.TomlTable) ?? new TomlTable(); }
        catch (TomlException e) { throw BadToml(path, ParserMessage(e)); }
        var toml = new TomlFile(path, text);
        string? sdk = null;
        var build = BuildSettings.None;
        RemoteConfig? remote = null;
        foreach (var (section, value) in table)
        {
            if (section is not ("go" or "build" or "remote")) throw toml.Unknown(value is TomlTable ? $"[{section}]" : section, Known);
            if (value is not TomlTable entries) throw toml.BadValue(section, $"a table ([{section}])", value);
            if (section == "go")
            {
                foreach (var (key, v) in entries)
                {
                    if (key != "sdk") throw toml.Unknown($"go.{key}", Known);
                    sdk = Path.GetFullPath(toml.String("go.sdk", v), workspaceRoot);
                }
            }
            else if (section == "build")
            {
                foreach (var (key, v) in entries)
                {
                    build = key switch
                    {
                        "goos" => build with { GoOs = toml.String("build.goos", v) },
                        "goarch" => build with { GoArch = toml.String("build.goarch", v) },
                        "cgo" => build with { Cgo = toml.Bool("build.cgo", v) },
                        "tags" => build with { Tags = Tags(toml, v) },
                        "race" => build with { Race = toml.Bool("build.race", v) },
                        _ => throw toml.Unknown($"build.{key}", Known),
                    };
                }
            }
            else remote = LoadRemote(toml, workspaceRoot, entries);
        }
        return new KilnConfig(sdk, build, remote);
    }

    private static RemoteConfig LoadRemote(TomlFile toml, string workspaceRoot, TomlTable table)
    {
        var config = RemoteConfig.Empty(toml.Path);
        foreach (var (key, v) in table)
        {
            var name = $"remote.{key}";
            config = key switch
            {
                "cache" => config with { Cache = ParseUrl(toml.String(name, v), toml.Path, name) },
                "instance_name" => config with { InstanceName = toml.String(name, v) },
                "upload" => config with { Upload = toml.Bool(name, v) },
                "timeout_seconds" => config with
                {
                    TimeoutSeconds = v switch
                    {
                        long secs when secs > 0 => secs,
                        double secs when secs > 0 => secs,
                        _ => throw toml.BadValue(name, "a number of seconds greater than 0", v),
                    },
                },
                "headers" => config with { Headers = Strings(toml, name, v) },
                "headers_from_env" => config with { HeadersFromEnv = Strings(toml, name, v) },
                "header_file" => config with { HeaderFile = Path.GetFullPath(toml.String(name, v), workspaceRoot) },
                _ => throw toml.Unknown(name, RemoteKeys),
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

    private static Dictionary<string, string> Strings(TomlFile toml, string key, object value)
    {
        if (value is not TomlTable table) throw toml.BadValue(key, "a table of strings, like { name = \"value\" }", value);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, v) in table) result[name] = toml.String($"{key}.{name}", v);
        return result;
    }

    private static List<string> Tags(TomlFile toml, object value) =>
        value is TomlArray array && array.All(t => t is string s && s.Length > 0 && !s.Contains(',') && !s.Any(char.IsWhiteSpace))
            ? [.. array.Cast<string>()]
            : throw toml.BadValue("build.tags", "an array of tag names, like [\"netgo\", \"purego\"]", value);

    public static KilnException BadRemoteUrl(string file, string key, string value, string why) => new(ErrorKind.User,
        "the remote cache URL is not valid", [("file", file), ("setting", key), ("value", value), ("why", why)],
        hint: "write grpc://host:port, grpcs://host:port, http://host:port/prefix or https://host/prefix");

    internal static KilnException BadToml(string path, string why) => new(ErrorKind.User,
        "kiln.toml is not valid TOML", [("file", path), ("why", why)]);
}
