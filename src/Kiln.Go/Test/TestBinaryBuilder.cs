using System.Collections.Concurrent;
using System.Text;
using Kiln.Go.Build;
using Kiln.Go.Packages;
using Kiln.Store;

namespace Kiln.Go.Test;

/// Builds one package's test binary as the go command does (reference §4): the package compiled with its
/// internal `_test.go` files (`p [p.test]`), every package of the test's import graph that imports p
/// recompiled against that variant, the external `p_test` package, the generated `_testmain.go` compiled
/// as `p.test` (`-p main`), all linked with `-X testing.testBinary=1`. Packages that do not reach p are the
/// ordinary compiles GoBuilder shares with every other test and build.
internal sealed class TestBinaryBuilder(GoBuilder builder, LocalStore store, GoTools tools)
{
    private static readonly string[] MainDeps = ["os", "testing", "testing/internal/testdeps"];

    /// `flags.CoverMode`: p's own files are instrumented (with -coverpkg, GoTester has already given the
    /// matched packages their CoverSpec) and the test main registers coverage.
    public async Task<Core.Digest> BuildAsync(GoPackage p, PackageSource source, TestFlags flags, CancellationToken ct)
    {
        if (flags.CoverMode is { } mode && flags.CoverPackages is null) p = Instrument(p, mode);
        var files = p.TestGoFiles.Select(f => (PackageFiles.ReadText(store, source, f), "_test"))
            .Concat(p.XTestGoFiles.Select(f => (PackageFiles.ReadText(store, source, f), "_xtest")));
        var funcs = TestSourceScanner.Scan(files);
        var importTest = p.GoFiles.Count + p.CgoFiles.Count + p.TestGoFiles.Count > 0;
        var importXtest = p.XTestGoFiles.Count > 0;

        var graph = new TestGraph(builder, p, source);
        var mainImports = new List<string>(MainDeps);
        if (funcs.TestMain is not null) mainImports.Add("reflect");
        if (flags.CoverMode is not null) mainImports.Add(TestFlags.CoverRuntime);
        var deps = new List<CompiledPackage>();
        foreach (var i in mainImports) deps.Add(await graph.DepAsync(i, ct));
        deps.Add(await graph.DepAsync("runtime", ct));
        if (tools.Config.Race) deps.Add(await graph.DepAsync("runtime/race", ct)); // the link's, as go's LinkerDeps
        if (importTest) deps.Add(await graph.DepAsync(p.ImportPath, ct));
        if (importXtest) deps.Add(await graph.CompileXTestAsync(ct));

        var testMain = new GoPackage
        {
            ImportPath = p.ImportPath + ".test",
            Name = "main",
            Dir = p.Dir,
            GoFiles = new(["_testmain.go"]),
            Imports = new(deps.Select(d => d.ImportPath)),
        };
        var text = TestMainSource.Generate(p.ImportPath, funcs, importTest, importXtest, flags.CoverMode, flags.CoverPatterns, flags.CoverPackages);
        var tree = new TreeBuilder(store).AddFile("_testmain.go", store.PutBytes(Encoding.UTF8.GetBytes(text))).Build();
        var compiledMain = await builder.CompileWithAsync(testMain, PackageSource.Stored(tree), deps, ct);

        var linked = await graph.LinkSetAsync(ct);
        linked.AddRange(deps.Where(d => d.ImportPath == p.ImportPath + "_test"));
        linked.Add(compiledMain);
        var godebug = DefaultGodebug.For(tools.Sdk.GoRoot, p.Module?.GoVersion);
        var modInfo = ModInfo.Text(testMain with { Module = p.Module }, graph.Listed, null, tools.Config, tools, godebug);
        var binary = await builder.LinkWithAsync(testMain, linked, GoBuilder.BinaryName(p.ImportPath) + ".test", modInfo, godebug,
            ["testing.testBinary=1"], ct);
        return binary.Binary;
    }


    /// p with its Go files (not its test files) instrumented in `mode`; atomic counters import sync/atomic.
    public static GoPackage Instrument(GoPackage p, string mode, bool emitMeta = false) => p with
    {
        Cover = new CoverSpec(mode, p.GoFiles, emitMeta),
        Imports = mode == "atomic" && !p.Imports.Contains("sync/atomic") ? new([.. p.Imports, "sync/atomic"]) : p.Imports,
    };

    /// The compiles of one test's import graph: variants of p and of what reaches p, shared compiles otherwise.
    private sealed class TestGraph(GoBuilder builder, GoPackage p, PackageSource source)
    {
        private readonly ConcurrentDictionary<string, Lazy<Task<CompiledPackage>>> _variants = new(StringComparer.Ordinal);
        private readonly Dictionary<string, bool> _reaches = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();
        private readonly ConcurrentDictionary<string, byte> _shared = new(StringComparer.Ordinal);

        public List<GoPackage> Listed { get; } = [];

        private static IEnumerable<string> Compiled(IEnumerable<string> imports) => imports.Where(i => i is not ("unsafe" or "C")).Distinct(StringComparer.Ordinal);

        /// Whether `ip` imports p, directly or not (then the test needs its own compile of it).
        private bool Reaches(string ip)
        {
            lock (_lock) return ReachesLocked(ip);
        }

        private bool ReachesLocked(string ip)
        {
            if (ip == p.ImportPath) return true;
            if (_reaches.TryGetValue(ip, out var known)) return known;
            _reaches[ip] = false; // cycles are errors the compile reports
            var pkg = builder.Package(ip);
            var result = pkg is not null && !(pkg.Standard && !p.Standard) && builder.DirectImports(pkg).Any(ReachesLocked);
            _reaches[ip] = result;
            return result;
        }

        public Task<CompiledPackage> DepAsync(string ip, CancellationToken ct)
        {
            if (!Reaches(ip))
            {
                _shared.TryAdd(ip, 0);
                return builder.CompileAsync(ip, ct);
            }
            return _variants.GetOrAdd(ip, k => new Lazy<Task<CompiledPackage>>(() => CompileVariantAsync(k, ct))).Value;
        }

        private async Task<CompiledPackage> CompileVariantAsync(string ip, CancellationToken ct)
        {
            GoPackage variant;
            PackageSource from;
            if (ip == p.ImportPath)
            {
                if (p.Error is { } error) throw BuildErrors.PackageHasErrors(ip, error);
                variant = p with
                {
                    GoFiles = new(p.GoFiles.Concat(p.TestGoFiles)),
                    Imports = new(Compiled(p.Imports.Concat(p.TestImports))),
                    EmbedPatterns = new(p.EmbedPatterns.Concat(p.TestEmbedPatterns).Distinct(StringComparer.Ordinal)),
                    EmbedFiles = new(p.EmbedFiles.Concat(p.TestEmbedFiles).Distinct(StringComparer.Ordinal)),
                    ForceLibrary = true,
                };
                from = source;
            }
            else
            {
                variant = builder.Package(ip)!;
                from = builder.SourceOf(variant);
            }
            var deps = await Task.WhenAll(builder.DirectImports(variant).Select(i => DepAsync(i, ct)));
            return await builder.CompileWithAsync(variant, from, deps, ct);
        }

        public async Task<CompiledPackage> CompileXTestAsync(CancellationToken ct)
        {
            var xtest = new GoPackage
            {
                ImportPath = p.ImportPath + "_test",
                Name = p.Name + "_test",
                Dir = p.Dir,
                Module = p.Module,
                GoFiles = p.XTestGoFiles,
                Imports = new(Compiled(p.XTestImports)),
                EmbedPatterns = p.XTestEmbedPatterns,
                EmbedFiles = p.XTestEmbedFiles,
            };
            var deps = await Task.WhenAll(xtest.Imports.Select(i => DepAsync(i, ct)));
            return await builder.CompileWithAsync(xtest, source, deps, ct);
        }

        /// Every package the test binary links: the variants, and the closure of each shared compile.
        public async Task<List<CompiledPackage>> LinkSetAsync(CancellationToken ct)
        {
            var paths = new HashSet<string>(StringComparer.Ordinal);
            foreach (var ip in _shared.Keys)
            {
                foreach (var dep in builder.Closure(ip))
                {
                    if (paths.Add(dep.ImportPath)) Listed.Add(dep);
                }
            }
            var result = new List<CompiledPackage>();
            foreach (var (ip, variant) in _variants)
            {
                paths.Remove(ip);
                result.Add(await variant.Value);
                if (builder.Package(ip) is { } listed) Listed.Add(listed);
            }
            result.AddRange(await Task.WhenAll(paths.Select(ip => builder.CompileAsync(ip, ct))));
            return result;
        }
    }
}
