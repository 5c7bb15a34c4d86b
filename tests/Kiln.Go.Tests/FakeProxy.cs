using System.IO.Compression;
using Kiln.Go.Modules;
using Kiln.Testing;

namespace Kiln.Go.Tests;

/// A tiny file:// GOPROXY in a temp dir: `.mod`, `.info` and a `.zip` holding just go.mod, per module version.
internal sealed class FakeProxy : IDisposable
{
    private readonly TempDirectory _dir = new("kiln-fakeproxy");

    public string ProxyDir => _dir.Combine("proxy");
    public string MainDir => _dir.Combine("main");
    public string ModCache => _dir.Combine("modcache");

    /// Publishes path@version with this go.mod text (defaults to a go 1.17 module without requirements).
    public FakeProxy Add(string path, string version, string? goMod = null, params string[] requires)
    {
        goMod ??= $"module {path}\n\ngo 1.17\n" + string.Concat(requires.Select(r => $"require {r}\n"));
        var at = Path.Combine(ProxyDir, ModulePathEscaping.Escape(path), "@v");
        Directory.CreateDirectory(at);
        var v = ModulePathEscaping.Escape(version);
        File.WriteAllText(Path.Combine(at, v + ".mod"), goMod);
        File.WriteAllText(Path.Combine(at, v + ".info"), $$"""{"Version":"{{version}}","Time":"2020-01-01T00:00:00Z"}""");
        using var zip = ZipFile.Open(Path.Combine(at, v + ".zip"), ZipArchiveMode.Create);
        using var w = new StreamWriter(zip.CreateEntry($"{path}@{version}/go.mod").Open());
        w.Write(goMod);
        return this;
    }

    /// Writes a file of the main module (go.mod, or a local replacement's files).
    public FakeProxy Main(string relative, string text)
    {
        _dir.Write(Path.Combine("main", relative), text);
        return this;
    }

    /// `go list -m all` of the main module (GOFLAGS=-mod=mod, so go may add go.sum lines).
    public string[] GoListAll() => GoTool.Run(MainDir, ProxyDir, "-mod=mod -modcacherw", ModCache, "list", "-m", "all")
        .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// The same list computed by Kiln from the main go.mod as written (before go touches it).
    public string[] KilnListAll(out ModuleGraph graph)
    {
        var main = GoModFile.Parse("go.mod", File.ReadAllText(Path.Combine(MainDir, "go.mod")));
        graph = ModuleGraph.Load(main, new ProxyModFileSource(ProxyDir, MainDir));
        var g = graph;
        return [.. graph.BuildList.Select(m => m.Version.Length == 0 ? m.Path : $"{m.Path} {m.Version}{ReplacedBy(g.Resolve(m), m)}")];
    }

    private static string ReplacedBy(ModuleVersion actual, ModuleVersion m) =>
        actual == m ? "" : actual.Version.Length == 0 ? $" => {actual.Path}" : $" => {actual.Path} {actual.Version}";

    public void Dispose() => _dir.Dispose();
}
