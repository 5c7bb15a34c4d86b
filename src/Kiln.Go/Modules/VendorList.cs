namespace Kiln.Go.Modules;

/// A module's annotations in vendor/modules.txt: `## explicit`, `## go 1.x`, and its `=> replacement`.
public sealed record VendorMetadata(bool Explicit, ModuleVersion? Replacement, string? GoVersion);

/// vendor/modules.txt as the go command reads it (modload.readVendorList): the modules that contribute
/// packages in order of appearance, every replaced module, each vendored package's module, and each module's
/// annotations. Lines it does not understand are skipped, as go skips them.
public sealed class VendorList
{
    private readonly Dictionary<ModuleVersion, VendorMetadata> _meta = [];
    private readonly Dictionary<string, string> _version = new(StringComparer.Ordinal);

    /// The file's path relative to the workspace (for messages).
    public required string Label { get; init; }

    /// The vendor directory on disk.
    public required string Dir { get; init; }

    /// Modules that provide packages, in order of appearance (the build list in vendor mode).
    public List<ModuleVersion> Modules { get; } = [];

    /// Every module the file marks as replaced, whether or not it provides packages.
    public List<ModuleVersion> Replaced { get; } = [];

    /// Each vendored package's module.
    public Dictionary<string, ModuleVersion> PackageModule { get; } = new(StringComparer.Ordinal);

    /// True when modules.txt was written by `go work vendor` (a `## workspace` line).
    public bool ForWorkspace { get; private init; }

    /// Whether a modules.txt text was written by `go work vendor` (modload.modulesTextIsForWorkspace).
    public static bool IsForWorkspace(string text) => text.Split('\n').Any(l => l.TrimEnd('\r') == "## workspace");

    public VendorMetadata Meta(ModuleVersion module) => _meta.TryGetValue(module, out var m) ? m : new VendorMetadata(false, null, null);

    /// The version of a module path the file vendors packages from, if any.
    public string? VersionOf(string path) => _version.GetValueOrDefault(path);

    /// Reads `vendorDir/modules.txt`; a missing file is an empty list (go: every requirement is then reported as
    /// not marked explicit). `toolchain`: the running Go version, which no module's `## go` line may exceed.
    public static VendorList Read(string vendorDir, string label, string toolchain)
    {
        var file = Path.Combine(vendorDir, "modules.txt");
        var text = File.Exists(file) ? File.ReadAllText(file) : "";
        return Parse(text, vendorDir, label, toolchain);
    }

    public static VendorList Parse(string text, string vendorDir, string label, string toolchain)
    {
        var list = new VendorList { Dir = vendorDir, Label = label, ForWorkspace = IsForWorkspace(text) };
        ModuleVersion? mod = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                var f = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 3) continue;
                string[] rest;
                if (SemVer.IsValid(f[2]))
                {
                    mod = new ModuleVersion(f[1], f[2]);
                    rest = f[3..];
                }
                else if (f[2] == "=>")
                {
                    mod = new ModuleVersion(f[1], ""); // a wildcard replacement of the main go.mod
                    rest = f[2..];
                }
                else
                {
                    mod = null;
                    continue;
                }
                if (rest.Length >= 2 && rest[0] == "=>")
                {
                    ModuleVersion? replacement = rest.Length == 2 ? new ModuleVersion(rest[1], "")
                        : rest.Length == 3 && SemVer.IsValid(rest[2]) ? new ModuleVersion(rest[1], rest[2]) : null;
                    if (replacement is not null)
                    {
                        list._meta[mod.Value] = list.Meta(mod.Value) with { Replacement = replacement };
                        list.Replaced.Add(mod.Value);
                    }
                }
                continue;
            }
            if (mod is not { } m) continue;
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                var meta = list.Meta(m);
                foreach (var raw in line[3..].Split(';'))
                {
                    var entry = raw.Trim();
                    if (entry == "explicit") meta = meta with { Explicit = true };
                    if (entry.StartsWith("go ", StringComparison.Ordinal))
                    {
                        meta = meta with { GoVersion = entry[3..] };
                        if (GoVersion.Compare(entry[3..], toolchain) > 0) throw GoModuleErrors.VendoredModuleTooNew(label, m.Path, entry[3..], toolchain);
                    }
                }
                list._meta[m] = meta;
                continue;
            }
            var fields = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 1 && IsImportPath(fields[0]))
            {
                list.PackageModule[fields[0]] = m;
                if (!list._version.TryGetValue(m.Path, out var v) || SemVer.Compare(v, m.Version) < 0)
                {
                    list.Modules.Add(m);
                    list._version[m.Path] = m.Version;
                }
            }
        }
        return list;
    }

    /// The build list vendor mode implies: each module providing packages, with its replacement and go version.
    public IReadOnlyList<BuildListModule> BuildList() => [.. Modules.Select(m =>
    {
        var meta = Meta(m);
        return new BuildListModule(m.Path, m.Version, meta.Replacement?.Path, meta.Replacement?.Version is { Length: > 0 } rv ? rv : null, meta.GoVersion);
    })];

    // module.CheckImportPath's shape: slash-separated non-empty elements, none `.` or `..`, no spaces or backslashes.
    private static bool IsImportPath(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.EndsWith('/') && !path.Contains('\\', StringComparison.Ordinal)
        && path.Split('/').All(e => e.Length > 0 && e != "." && e != ".." && !e.StartsWith('.') && !e.StartsWith('-'));
}
