using System.Text.Json;
using Kiln.Core;
using Kiln.Exec;
using Kiln.Go.Build;
using Kiln.Go.Packages;
using Kiln.Store;

namespace Kiln.Go.Vet;

/// One `go tool vet` run (work/exec.go vet): a `vet.cfg` written as cmd/go's buildVetConfig writes it (ID, files,
/// ImportMap, PackageFile pointing at the export data of the compiled direct imports, Standard, PackageVetx with
/// the facts of the vetted direct imports, VetxOnly, VetxOutput, GoVersion), the package's files at `src/`
/// (std in place in GOROOT, as its compile reads them), and the flags; the facts file is the declared output.
/// Findings are vet's exit status 1 with `file:line:col: message` lines on stderr.
internal static class VetAction
{
    public const string FactsPath = "out/vet.out";
    public const string SrcDir = "src";

    /// `p` is the unit vetted (a package, a test variant with its `_test.go` files, or an external test package);
    /// `deps` the compiles of its direct imports; `facts` the vet facts of those imports that have them;
    /// `isStandard` says which imports are standard-library packages.
    public static ProcessRequest Request(LocalStore store, GoTools tools, GoPackage p, PackageSource source, IReadOnlyList<CompiledPackage> deps,
        IReadOnlyList<(string ImportPath, Core.Digest Facts)> facts, IReadOnlyList<string> flags, bool vetxOnly, Func<string, bool> isStandard)
    {
        var root = new TreeBuilder(store);
        string dir;
        if (p.Standard && source.DiskDir is { } stdDir) dir = stdDir;
        else
        {
            dir = SrcDir;
            foreach (var f in p.GoFiles.Concat(p.SFiles).Distinct(StringComparer.Ordinal))
                root.AddFile($"{SrcDir}/{f}", CompileAction.FileDigest(store, source, f));
        }
        var depPaths = deps.Select(d => d.ImportPath).ToHashSet(StringComparer.Ordinal);
        var raw = p.ImportMap.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
        var importMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var i in p.Imports.Where(i => i != "C")) importMap[raw.GetValueOrDefault(i, i)] = i;
        var mapped = importMap.Values.ToHashSet(StringComparer.Ordinal);
        foreach (var d in depPaths.Where(d => !mapped.Contains(d))) importMap[d] = d;
        var packageFile = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var standard = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var dep in deps)
        {
            var file = DepNames.Of("deps", dep.ImportPath, ".x");
            root.AddFile(file, dep.Export);
            packageFile[dep.ImportPath] = file;
        }
        foreach (var ip in importMap.Values.Where(v => depPaths.Contains(v) && isStandard(v))) standard.Add(ip);
        var vetx = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (ip, digest) in facts)
        {
            var file = DepNames.Of("vetx", ip, ".vetx");
            root.AddFile(file, digest);
            vetx[ip] = file;
        }

        var goVersion = p.Module is { } m ? "go" + (m.GoVersion is { Length: > 0 } v ? v : "1.16") : tools.Sdk.Version;
        var config = Config(p, dir, importMap, packageFile, standard, vetx, vetxOnly, goVersion);
        root.AddFile("vet.cfg", store.PutBytes(config));
        var argv = new List<string> { Path.Combine(tools.ToolDir, "vet") };
        argv.AddRange(flags);
        argv.Add("vet.cfg");
        var env = tools.Env(forLink: false);
        env["TERM"] = "dumb";
        return new ProcessRequest(new EquatableArray<string>(argv), new EquatableMap<string>(env), root.Build(),
            new EquatableArray<string>([FactsPath]), EquatableArray<string>.Empty, (vetxOnly ? "vet facts " : "vet ") + p.ImportPath)
        {
            Timeout = TimeSpan.FromMinutes(10),
            ToolDirectories = tools.ToolDirectories,
        };
    }

    private static byte[] Config(GoPackage p, string dir, SortedDictionary<string, string> importMap, SortedDictionary<string, string> packageFile,
        SortedSet<string> standard, SortedDictionary<string, string> vetx, bool vetxOnly, string goVersion)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentCharacter = '\t', IndentSize = 1 }))
        {
            w.WriteStartObject();
            w.WriteString("ID", p.ImportPath);
            w.WriteString("Compiler", "gc");
            w.WriteString("Dir", dir);
            w.WriteString("ImportPath", p.ImportPath);
            Files(w, "GoFiles", p.GoFiles.Select(f => $"{dir}/{f}"));
            Files(w, "NonGoFiles", p.SFiles.Select(f => $"{dir}/{f}"));
            Files(w, "IgnoredFiles", p.IgnoredGoFiles.Select(f => $"{dir}/{f}"));
            w.WriteString("ModulePath", p.Module?.Path ?? "");
            w.WriteString("ModuleVersion", p.Module?.Version ?? "");
            Map(w, "ImportMap", importMap);
            Map(w, "PackageFile", packageFile);
            w.WriteStartObject("Standard");
            foreach (var s in standard) w.WriteBoolean(s, true);
            w.WriteEndObject();
            Map(w, "PackageVetx", vetx);
            w.WriteBoolean("VetxOnly", vetxOnly);
            w.WriteString("VetxOutput", FactsPath);
            w.WriteString("GoVersion", goVersion);
            w.WriteBoolean("SucceedOnTypecheckFailure", false);
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void Files(Utf8JsonWriter w, string name, IEnumerable<string> files)
    {
        w.WriteStartArray(name);
        foreach (var f in files) w.WriteStringValue(f);
        w.WriteEndArray();
    }

    private static void Map(Utf8JsonWriter w, string name, SortedDictionary<string, string> map)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in map) w.WriteString(k, v);
        w.WriteEndObject();
    }
}
