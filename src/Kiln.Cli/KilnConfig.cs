using Kiln.Core;
using Tomlyn;
using Tomlyn.Model;

namespace Kiln.Cli;

/// `kiln.toml` at the workspace root. Everything is optional; with no file Kiln uses its defaults.
///
/// [go]
/// sdk = "/usr/lib/go-1.23/bin/go"   # the go binary (or a GOROOT); default: `go` on PATH
internal sealed record KilnConfig(string? GoSdk)
{
    public static readonly KilnConfig Default = new((string?)null);

    public static KilnConfig Load(string? workspaceRoot)
    {
        if (workspaceRoot is null) return Default;
        var path = Path.Combine(workspaceRoot, "kiln.toml");
        if (!File.Exists(path)) return Default;
        TomlTable table;
        try { table = TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(path)) ?? new TomlTable(); }
        catch (TomlException e) { throw BadToml(path, e.Message); }
        string? sdk = null;
        foreach (var (section, value) in table)
        {
            if (section != "go" || value is not TomlTable go) throw Unknown(path, section, "[go]");
            foreach (var (key, v) in go)
            {
                if (key != "sdk" || v is not string s) throw Unknown(path, $"go.{key}", "go.sdk (a string)");
                sdk = Path.GetFullPath(s, workspaceRoot);
            }
        }
        return new KilnConfig(sdk);
    }

    private static KilnException BadToml(string path, string why) => new(ErrorKind.User,
        "kiln.toml is not valid TOML", [("file", path), ("why", why)]);

    private static KilnException Unknown(string path, string key, string known) => new(ErrorKind.User,
        "kiln.toml has a setting Kiln does not know", [("file", path), ("setting", key), ("known", known)]);
}
