using System.Text.RegularExpressions;
using Kiln.Go.Packages;
using Kiln.Go.Rules;

namespace Kiln.Go.Driver;

/// Turns a resolved package graph into go/packages' packages, as the go command's driver turns `go list -e
/// -json -compiled -deps -test` into them: the test variants of cmd/go's load.TestPackagesFor (`p [p.test]` with
/// p's internal test files, `p_test [p.test]`, the `p.test` main, and `q [p.test]` for each package of the test
/// that imports p, directly or not), absolute file names, and Imports keyed by the path as written.
public static partial class DriverPackages
{
    /// The test main's imports (cmd/go's load.TestMainDeps).
    public static readonly string[] TestMainDeps = ["os", "reflect", "testing", "testing/internal/testdeps"];

    /// What cgo's generated files import (go list -compiled adds them to a cgo package's Imports).
    public static IEnumerable<string> CgoImports(string importPath) =>
        importPath switch
        {
            "runtime/cgo" => ["unsafe"],
            "runtime/race" or "runtime/msan" or "runtime/asan" => ["runtime/cgo", "unsafe"],
            _ => ["runtime/cgo", "syscall", "unsafe"],
        };

    /// The package go list -e makes of a pattern it could not resolve: named by the pattern, carrying the error.
    public static DriverPackage PatternError(string pattern, string summary, IEnumerable<(string Label, string Value)> details) => new()
    {
        Id = pattern,
        PkgPath = pattern,
        Errors = [new DriverError("", string.Join("; ", [summary, .. details.Where(d => d.Label != "pattern").Select(d => $"{d.Label}: {d.Value}")]), Kind: 1)],
    };

    /// The packages of `graph`: every package when `deps`, else the matched ones; with `tests`, the matched
    /// packages' test variants too. `roots` receives the IDs go/packages treats as the answer's roots.
    public static List<DriverPackage> Assemble(LoadedGraph graph, IEnumerable<string> matched, bool tests, bool deps, bool compiled,
        IDriverSources sources, List<string> roots)
    {
        var result = new Dictionary<string, DriverPackage>(StringComparer.Ordinal);
        var matchedList = matched.Distinct(StringComparer.Ordinal).ToList();
        var keep = deps ? null : new HashSet<string>(StringComparer.Ordinal);
        if (deps)
        {
            foreach (var lp in graph.All) result[lp.Package.ImportPath] = Plain(lp, lp.Package.Imports, id => id, compiled, sources);
        }
        foreach (var ip in matchedList)
        {
            if (graph.Find(ip) is not { } lp) continue;
            result.TryAdd(ip, Plain(lp, lp.Package.Imports, id => id, compiled, sources));
            roots.Add(ip);
            keep?.Add(ip);
            if (tests && lp.Package.HasTests) AddTestVariants(graph, lp, compiled, sources, result, roots, keep);
        }
        return [.. result.Values.Where(p => keep is null || keep.Contains(p.Id)).OrderBy(p => p.Id, StringComparer.Ordinal)];
    }

    private static void AddTestVariants(LoadedGraph graph, LoadedPackage lp, bool compiled, IDriverSources sources,
        Dictionary<string, DriverPackage> result, List<string> roots, HashSet<string>? keep)
    {
        var p = lp.Package;
        var ip = p.ImportPath;
        var suffix = $" [{ip}.test]";
        // load.TestPackagesFor: p is recompiled with its internal test files, as a distinct package, only when it
        // has some (or is a main package); the packages of the test that reach p are then recompiled against it.
        var distinct = p.TestGoFiles.Count > 0 || p.Name == "main";
        var reaches = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool Reaches(string q)
        {
            if (q == ip) return true;
            if (reaches.TryGetValue(q, out var known)) return known;
            reaches[q] = false; // a cycle is reported by the listing, not here
            var found = graph.Find(q) is { } dep && !(dep.Package.Standard && !p.Standard) && ImportsOf(dep.Package, compiled).Any(Reaches);
            reaches[q] = found;
            return found;
        }
        string IdOf(string q) => distinct && Reaches(q) ? q + suffix : q;
        var ptestId = distinct ? ip + suffix : ip;
        var added = new List<string>();
        void Add(DriverPackage d, bool root)
        {
            result[d.Id] = d;
            added.Add(d.Id);
            if (root) roots.Add(d.Id);
        }

        if (distinct)
        {
            var ptest = Plain(lp, Resolve(graph, p, p.TestImports).Concat(p.Imports), IdOf, compiled, sources, p.GoFiles.Concat(p.TestGoFiles));
            ptest.Id = ptestId;
            ptest.EmbedFiles = Absolute(sources.DirOf(lp), p.EmbedFiles.Concat(p.TestEmbedFiles).Distinct(StringComparer.Ordinal));
            if (p.TestError is { } testError) (ptest.Errors ??= []).Add(ErrorOf(testError, sources));
            Add(ptest, root: true);
        }
        string? xtestId = null;
        if (p.XTestGoFiles.Count > 0)
        {
            xtestId = ip + "_test" + suffix;
            var dir = sources.DirOf(lp);
            var xtest = new DriverPackage
            {
                Id = xtestId,
                Name = p.Name + "_test",
                PkgPath = ip + "_test",
                GoFiles = Absolute(dir, p.XTestGoFiles),
                CompiledGoFiles = Absolute(dir, p.XTestGoFiles),
                EmbedFiles = Absolute(dir, p.XTestEmbedFiles),
                Imports = ImportMap(Resolve(graph, p, p.XTestImports), [], IdOf),
                Module = sources.ModuleOf(lp),
            };
            Add(xtest, root: true);
        }
        var importTest = Test.TestSourceScanner.MainImportsPackage(p);
        var mainImports = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var dep in TestMainDeps) mainImports[dep] = IdOf(dep);
        if (importTest) mainImports[ip] = ptestId;
        if (xtestId is not null) mainImports[ip + "_test"] = xtestId;
        var main = sources.TestMainFile(lp);
        Add(new DriverPackage
        {
            Id = ip + ".test",
            Name = "main",
            PkgPath = ip + ".test",
            GoFiles = [main],
            CompiledGoFiles = [main],
            Imports = mainImports,
            Module = sources.ModuleOf(lp),
        }, root: true);

        if (distinct)
        {
            // Every package of the test that imports p, directly or not, in its recompiled form.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>(added.SelectMany(id => result[id].Imports?.Values ?? Enumerable.Empty<string>()));
            while (stack.Count > 0)
            {
                var id = stack.Pop();
                if (!id.EndsWith(suffix, StringComparison.Ordinal) || !seen.Add(id) || result.ContainsKey(id)) continue;
                var q = id[..^suffix.Length];
                if (graph.Find(q) is not { } dep) continue;
                var variant = Plain(dep, ImportsOf(dep.Package, compiled), IdOf, compiled, sources);
                variant.Id = id;
                Add(variant, root: false);
                foreach (var next in variant.Imports?.Values ?? Enumerable.Empty<string>()) stack.Push(next);
            }
        }
        if (keep is not null)
        {
            foreach (var id in added.Where(roots.Contains)) keep.Add(id);
        }
    }

    private static IEnumerable<string> ImportsOf(GoPackage p, bool compiled) =>
        compiled && p.CgoFiles.Count > 0 ? p.Imports.Concat(CgoImports(p.ImportPath)) : p.Imports;

    /// Test imports as written, resolved as the package's own imports are (std's vendored packages).
    private static IEnumerable<string> Resolve(LoadedGraph graph, GoPackage p, IEnumerable<string> written) =>
        written.Select(w => p.ImportMap.TryGetValue(w, out var mapped) ? mapped
            : p.Standard && graph.Find(w) is null && graph.Find("vendor/" + w) is not null ? "vendor/" + w : w);

    private static DriverPackage Plain(LoadedPackage lp, IEnumerable<string> imports, Func<string, string> idOf, bool compiled,
        IDriverSources sources, IEnumerable<string>? goFiles = null)
    {
        var p = lp.Package;
        var dir = sources.DirOf(lp);
        var files = Absolute(dir, (goFiles ?? p.GoFiles).Concat(p.CgoFiles));
        var compiledFiles = files;
        if (compiled && p.CgoFiles.Count > 0)
        {
            imports = imports.Concat(CgoImports(p.ImportPath));
            if (sources.CgoGoFiles(lp) is { } generated) compiledFiles = [.. Absolute(dir, goFiles ?? p.GoFiles) ?? [], .. generated];
        }
        var d = new DriverPackage
        {
            Id = p.ImportPath,
            Name = p.Name.Length == 0 ? null : p.Name,
            PkgPath = p.ImportPath,
            GoFiles = p.ImportPath == "unsafe" ? null : files, // unsafe.go is documentation: go/types has the package built in
            CompiledGoFiles = p.ImportPath == "unsafe" ? null : compiledFiles,
            OtherFiles = Absolute(dir, p.CFiles.Concat(p.CXXFiles).Concat(p.MFiles).Concat(p.HFiles).Concat(p.FFiles)
                .Concat(p.SFiles).Concat(p.SwigFiles).Concat(p.SwigCXXFiles).Concat(p.SysoFiles)),
            EmbedFiles = Absolute(dir, p.EmbedFiles),
            EmbedPatterns = Absolute(dir, p.EmbedPatterns),
            IgnoredFiles = Absolute(dir, p.IgnoredGoFiles),
            Imports = ImportMap(imports, p.ImportMap, idOf),
            Module = sources.ModuleOf(lp),
        };
        if (p.Error is { } error) d.Errors = [ErrorOf(error, sources)];
        return d;
    }

    /// From the path as written to the imported package's ID (`C` is not a package).
    private static SortedDictionary<string, string>? ImportMap(IEnumerable<string> resolved, IEnumerable<KeyValuePair<string, string>> importMap,
        Func<string, string> idOf)
    {
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (source, target) in importMap) written.TryAdd(target, source);
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in resolved)
        {
            if (path == "C") continue;
            map[written.GetValueOrDefault(path, path)] = idOf(path);
        }
        return map.Count == 0 ? null : map;
    }

    private static List<string>? Absolute(string dir, IEnumerable<string> names)
    {
        var list = names.Select(n => Path.Combine(dir, n)).ToList();
        return list.Count == 0 ? null : list;
    }

    [GeneratedRegex(@"^(?<pos>[^\s:][^:]*\.go:\d+(?::\d+)?): (?<msg>.*)$", RegexOptions.Singleline)]
    private static partial Regex Positioned();

    private static DriverError ErrorOf(string error, IDriverSources sources)
    {
        var m = Positioned().Match(error);
        return m.Success
            ? new DriverError(sources.ShortPosition(m.Groups["pos"].Value), m.Groups["msg"].Value.Trim(), Kind: 1)
            : new DriverError("", error.Trim(), Kind: 1);
    }
}
