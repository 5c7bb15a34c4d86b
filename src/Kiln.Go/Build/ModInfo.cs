using System.Text;
using Kiln.Go.Modules;
using Kiln.Go.Packages;

namespace Kiln.Go.Build;

/// The build information `go version -m` and `debug.ReadBuildInfo` read (reference §3.3): the main
/// package and module, every module providing a linked package (with its go.sum hash, or its replacement),
/// and the build settings go build -trimpath records. Passed to the linker as the importcfg `modinfo` line.
internal static class ModInfo
{
    private static readonly byte[] Start = Convert.FromHexString("3077af0c9274080241e1c107e6d618e6");
    private static readonly byte[] End = Convert.FromHexString("f932433186182072008242104116d8f2");

    /// `gcflags`, `asmflags`: the last value of each flag given (PerPackageFlag.Raw), which go records as given.
    public static string Text(GoPackage main, IEnumerable<GoPackage> linked, ModuleManifest? manifest, BuildConfig config, GoTools tools, string defaultGodebug,
        string? gcflags = null, string? asmflags = null)
    {
        var sb = new StringBuilder();
        sb.Append($"path\t{main.ImportPath}\n");
        var mainPath = main.Module?.Path;
        if (main.Module is { } mm) sb.Append($"mod\t{mm.Path}\t{(mm.Version.Length == 0 ? "(devel)" : mm.Version)}\t\n");
        var sums = manifest?.Entries.Where(e => e.Kind == "tree").ToDictionary(e => e.Module, e => e.Hash) ?? [];
        var buildList = manifest?.BuildList.ToDictionary(m => m.Path, StringComparer.Ordinal) ?? [];
        var modules = linked.Select(p => p.Module).OfType<GoPackageModule>().Where(m => m.Path != mainPath)
            .Select(m => (m.Path, m.Version)).Distinct().OrderBy(m => m.Path, StringComparer.Ordinal).ThenBy(m => m.Version, StringComparer.Ordinal);
        foreach (var (path, version) in modules)
        {
            sb.Append($"dep\t{path}\t{(version.Length == 0 ? "(devel)" : version)}");
            if (buildList.TryGetValue(path, out var b) && b.ReplacePath is { } rp)
            {
                var rv = b.ReplaceVersion ?? "";
                var rsum = rv.Length > 0 && sums.TryGetValue(new ModuleVersion(rp, rv), out var s1) ? s1 : "";
                sb.Append($"\n=>\t{rp}\t{(rv.Length == 0 ? "(devel)" : rv)}\t{rsum}\n");
            }
            else
            {
                var sum = version.Length > 0 && sums.TryGetValue(new ModuleVersion(path, version), out var s2) ? s2 : "";
                sb.Append($"\t{sum}\n");
            }
        }
        // runtime/debug.BuildInfo.String: a value with spaces, tabs, newlines or quotes is Go-quoted; go made
        // newlines spaces first (appendBuildSetting).
        void Setting(string key, string value)
        {
            value = value.Replace('\n', ' ');
            sb.Append($"build\t{key}={(value.AsSpan().IndexOfAny(" \t\r\"`") >= 0 ? GoQuotedString.Quote(value) : value)}\n");
        }
        if (asmflags is not null) Setting("-asmflags", asmflags);
        Setting("-buildmode", "exe");
        Setting("-compiler", "gc");
        if (!string.IsNullOrEmpty(gcflags)) Setting("-gcflags", gcflags);
        if (config.Race) Setting("-race", "true");
        if (config.Tags.Count > 0) Setting("-tags", string.Join(",", config.Tags));
        Setting("-trimpath", "true");
        if (defaultGodebug.Length > 0) Setting("DefaultGODEBUG", defaultGodebug);
        Setting("CGO_ENABLED", config.CgoEnabled ? "1" : "0");
        Setting("GOARCH", config.GoArch);
        Setting("GOOS", config.GoOs);
        if (tools.ArchSetting is { } a) Setting(a.Name, a.Value);
        return sb.ToString();
    }

    /// The importcfg line: `modinfo` and the Go-quoted magic, text, magic.
    public static string ImportcfgLine(string text)
    {
        var bytes = Start.Concat(Encoding.UTF8.GetBytes(text)).Concat(End);
        var sb = new StringBuilder("modinfo \"");
        foreach (var b in bytes)
        {
            if (b == '"' || b == '\\') sb.Append('\\').Append((char)b);
            else if (b is >= 0x20 and < 0x7f) sb.Append((char)b);
            else sb.Append($"\\x{b:x2}");
        }
        return sb.Append("\"\n").ToString();
    }
}
