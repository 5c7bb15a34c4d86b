using Kiln.Core;
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
internal sealed record KilnConfig(string? GoSdk, BuildSettings Build)
{
    public static readonly KilnConfig Default = new(null, BuildSettings.None);

    private const string Known = "go.sdk, build.goos, build.goarch, build.cgo, build.tags";

    public static KilnConfig Load(string? workspaceRoot)
    {
        if (workspaceRoot is null) return Default;
        var path = Path.Combine(workspaceRoot, "kiln.toml");
        if (!File.Exists(path)) return Default;
        TomlTable table;
        try { table = TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(path)) ?? new TomlTable(); }
        catch (TomlException e) { throw BadToml(path, e.Message); }
        string? sdk = null;
        var build = BuildSettings.None;
        foreach (var (section, value) in table)
        {
            if (section == "go" && value is TomlTable go)
            {
                foreach (var (key, v) in go)
                {
                    if (key != "sdk") throw Unknown(path, $"go.{key}");
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
                        _ => throw Unknown(path, $"build.{key}"),
                    };
                }
            }
            else throw Unknown(path, value is TomlTable ? $"[{section}]" : section);
        }
        return new KilnConfig(sdk, build);
    }

    private static List<string> Tags(string path, object value) =>
        value is TomlArray array && array.All(t => t is string s && s.Length > 0 && !s.Contains(',') && !s.Any(char.IsWhiteSpace))
            ? [.. array.Cast<string>()]
            : throw BadValue(path, "build.tags", "an array of tag names, like [\"netgo\", \"purego\"]");

    private static KilnException BadToml(string path, string why) => new(ErrorKind.User,
        "kiln.toml is not valid TOML", [("file", path), ("why", why)]);

    private static KilnException Unknown(string path, string key) => new(ErrorKind.User,
        "kiln.toml has a setting Kiln does not know", [("file", path), ("setting", key), ("known", Known)]);

    private static KilnException BadValue(string path, string key, string expected) => new(ErrorKind.User,
        "a kiln.toml setting has a value of the wrong kind", [("file", path), ("setting", key), ("expected", expected)]);
}
