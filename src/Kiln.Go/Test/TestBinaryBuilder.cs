using System.Collections.Concurrent;
using System.Text;
using Kiln.Go.Build;
using Kiln.Go.Packages;
using Kiln.Go.Vet;
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
        var funcs = TestSourceScanner.ScanPackage(p, f => PackageFiles.ReadText(store, source, f));
        var importTest = TestSourceScanner.MainImportsPackage(p);
        var importXtest = p.XTestGoFiles.Count > 0;

        var graph = GraphOf(p, source);
        var mainImports = new List<string>(MainDeps);
        if (funcs.TestMain is not null) mainImports.Add("reflect");
        if (flags.CoverMode is not null) mainImports.Add(TestFlags.CoverRuntime);
        // All asked for at once (each starts its own imports' compiles), then awaited in this order.
        var compiling = mainImports.Select(i => graph.DepAsync(i, ct)).ToList();
        compiling.Add(graph.DepAsync("runtime", ct));
        if (tools.Config.Race) compiling.Add(graph.DepAsync("runtime/race", ct)); // the link's, as go's LinkerDeps
        if (importTest) compiling.Add(graph.DepAsync(p.ImportPath, ct));
        if (importXtest) compiling.Add(graph.CompileXTestAsync(ct));
        var deps = (await Task.WhenAll(compiling)).ToList();

        // go test links a binary it only runs without debug information (OmitDebug); the runtime's tests need it.
        var omitDebug = !flags.KeepsBinary && p.ImportPath != "runtime";
        var testMain = new GoPackage
        {
            ImportPath = p.ImportPath + ".test",
            Name = "main",
            Dir = p.Dir,
            GoFiles = new(["_testmain.go"]),
            Imports = new(deps.Select(d => d.ImportPath)),
            Gcflags = omitDebug ? new(["-dwarf=false", .. p.Gcflags]) : p.Gcflags, // load/test.go: the tested package's tool flags
            Asmflags = p.Asmflags,
        };
        var text = TestMainSource.Generate(p.ImportPath, funcs, importTest, importXtest, flags.CoverMode, flags.CoverPatterns, flags.CoverPackages);
        var tree = new TreeBuilder(store).AddFile("_testmain.go", store.PutBytes(Encoding.UTF8.GetBytes(text))).Build();
        var compiledMain = await builder.CompileWithAsync(testMain, PackageSource.Stored(tree), deps, ct);

        var linked = await graph.LinkSetAsync(ct);
        linked.AddRange(deps.Where(d => d.ImportPath == p.ImportPath + "_test"));
        linked.Add(compiledMain);
        // load/test.go's defaultGODEBUG: the main module's go line and godebug lines, then p's directives, its test
        // files', its external test files'.
        var goMod = builder.GoModOf(p);
        var godebug = DefaultGodebug.ForTest(tools.Sdk.GoRoot, goMod?.Go ?? p.Module?.GoVersion, goMod, GoDebugDirective.ReadFiles(store, p, source,
            [.. p.GoFiles, .. tools.Config.CgoEnabled ? p.CgoFiles : [], .. p.TestGoFiles, .. p.XTestGoFiles]));
        // The test main carries p's build information, which only a main package has (load/test.go): a test of any
        // other package finds none (debug.ReadBuildInfo gives an empty one, as under go test).
        var modInfo = p.Name == "main" ? ModInfo.Text(testMain with { Module = p.Module }, graph.Listed, null, tools.Config, tools, godebug) : "";
        var binary = await builder.LinkWithAsync(testMain, linked, GoBuilder.BinaryName(p.ImportPath) + ".test", modInfo, godebug,
            [.. omitDebug ? ["-s", "-w"] : Array.Empty<string>(), .. flags.LdflagsFor(p, source.DiskDir), "-X=testing.testBinary=1"], ct);  // load/test.go's order
        return binary.Binary;
    }


    /// go vet of p as go test and go vet run it: its test variant (p with its internal test files; p itself
    /// when it has none) and its external test package, each against the compiles and facts of its imports.
    /// Returns every finding as go reports it (a `# pkg` header per unit), or null when vet found nothing.
    public async Task<string?> VetAsync(GoPackage p, PackageSource source, GoVetter vetter, CancellationToken ct)
    {
        var graph = GraphOf(p, source);
        var report = new StringBuilder();
        if (p.GoFiles.Count + p.CgoFiles.Count + p.TestGoFiles.Count > 0)
        {
            // load.TestPackagesFor: a distinct test variant (described `p [p.test]`) when p has internal test
            // files or is a main package (go test vets a package without tests as itself).
            var variant = p.TestGoFiles.Count > 0 || (p.Name == "main" && (p.HasTests || !vetter.Setting.ForTest));
            if ((await graph.VetVariantAsync(vetter, p.ImportPath, ct)).Findings is { } findings)
                report.Append(GoVetter.Report(p.ImportPath, variant, findings));
        }
        if (p.XTestGoFiles.Count > 0 && (await graph.VetXTestAsync(vetter, ct)).Findings is { } xfindings)
            report.Append(GoVetter.Report(p.ImportPath + "_test", testVariant: true, xfindings));
        return report.Length > 0 ? report.ToString() : null;
    }

    /// p with its Go files (not its test files) instrumented in `mode`; atomic counters import sync/atomic.
    public static GoPackage Instrument(GoPackage p, string mode, bool emitMeta = false) => p with
    {
        Cover = new CoverSpec(mode, p.GoFiles, emitMeta),
        Imports = mode == "atomic" && !p.Imports.Contains("sync/atomic") ? new([.. p.Imports, "sync/atomic"]) : p.Imports,
    };

    /// The compiles of one test's import graph: variants of p and of what reaches p, shared compiles otherwise.
    private TestGraph? _graph;
    private readonly Lock _graphLock = new();

    /// Whether a test compiles p as a package of its own (load.TestPackagesFor's ptest != p): with internal test
    /// files, as a main package, or instrumented for coverage.
    internal static bool CompiledApart(GoPackage p) => p.TestGoFiles.Count > 0 || p.Name == "main" || p.Cover is not null;

    /// The test graph of p: one per package as this builder sees it, so building p's test binary and vetting it share
    /// the compiles of its test variants (an instrumented p is another package, with its own graph).
    private TestGraph GraphOf(GoPackage p, PackageSource source)
    {
        lock (_graphLock)
        {
            if (_graph is null || !ReferenceEquals(_graph.Package, p) || _graph.Source != source) _graph = new TestGraph(builder, p, source);
            return _graph;
        }
    }

    private sealed class TestGraph(GoBuilder builder, GoPackage p, PackageSource source)
    {
        public GoPackage Package => p;
        public PackageSource Source => source;

        private readonly ConcurrentDictionary<string, Lazy<Task<CompiledPackage>>> _variants = new(StringComparer.Ordinal);
        private readonly Dictionary<string, bool> _reaches = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();
        private readonly ConcurrentDictionary<string, byte> _shared = new(StringComparer.Ordinal);

        public List<GoPackage> Listed { get; } = [];

        /// A unit's imports as go lists them (unsafe and C included: GoBuilder.DirectImports leaves them out of the
        /// compiles, and vet resolves unsafe from its import map).
        private static IEnumerable<string> Merged(IEnumerable<string> imports) => imports.Distinct(StringComparer.Ordinal);

        /// Whether `ip` imports p, directly or not (then the test needs its own compile of it).
        private bool Reaches(string ip)
        {
            lock (_lock) return ReachesLocked(ip);
        }

        /// Whether the test compiles p as a package of its own (load.TestPackagesFor's ptest != p): with internal
        /// test files, as a main package, or instrumented for coverage. Otherwise the test uses p's ordinary compile,
        /// and nothing that imports p is compiled again for it.
        private bool Distinct => CompiledApart(p);

        private bool ReachesLocked(string ip)
        {
            if (!Distinct) return false;
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
            var (variant, from) = Variant(ip);
            var deps = await Task.WhenAll(builder.DirectImports(variant).Select(i => DepAsync(i, ct)));
            return await builder.CompileWithAsync(variant, from, deps, ct);
        }

        /// The package `ip` as this test compiles it: p with its internal test files, or a package that reaches p.
        private (GoPackage Variant, PackageSource From) Variant(string ip)
        {
            if (ip != p.ImportPath)
            {
                var listed = builder.Package(ip)!;
                return (listed, builder.SourceOf(listed));
            }
            if (!Distinct) return (p, source);
            if (p.Error is { } error) throw BuildErrors.PackageHasErrors(ip, error);
            return (p with
            {
                GoFiles = new(p.GoFiles.Concat(p.TestGoFiles)),
                Imports = new(Merged(p.Imports.Concat(p.TestImports))),
                EmbedPatterns = new(p.EmbedPatterns.Concat(p.TestEmbedPatterns).Distinct(StringComparer.Ordinal)),
                EmbedFiles = new(p.EmbedFiles.Concat(TestEmbeds.Of(p.TestEmbedFiles, p.TestEmbedPatterns, source.DiskDir)).Distinct(StringComparer.Ordinal)),
                ForceLibrary = true,
            }, source);
        }

        private GoPackage XTest() => new()
        {
            ImportPath = p.ImportPath + "_test",
            Name = p.Name + "_test",
            Dir = p.Dir,
            Module = p.Module,
            GoFiles = p.XTestGoFiles,
            Imports = new(Merged(p.XTestImports)),
            EmbedPatterns = p.XTestEmbedPatterns,
            EmbedFiles = TestEmbeds.Of(p.XTestEmbedFiles, p.XTestEmbedPatterns, source.DiskDir),
            Gcflags = p.Gcflags,
            Asmflags = p.Asmflags,
        };

        private Lazy<Task<CompiledPackage>>? _xtest;

        public Task<CompiledPackage> CompileXTestAsync(CancellationToken ct)
        {
            lock (_lock) _xtest ??= new Lazy<Task<CompiledPackage>>(() => DoCompileXTestAsync(ct));
            return _xtest.Value;
        }

        private async Task<CompiledPackage> DoCompileXTestAsync(CancellationToken ct)
        {
            var xtest = XTest();
            var deps = await Task.WhenAll(builder.DirectImports(xtest).Select(i => DepAsync(i, ct)));
            return await builder.CompileWithAsync(xtest, source, deps, ct);
        }

        private readonly ConcurrentDictionary<string, Lazy<Task<VetOutcome>>> _vets = new(StringComparer.Ordinal);

        /// The vet facts of `ip` in this test's graph: shared facts of an ordinary package, or those of its variant.
        private async Task<Core.Digest?> FactsAsync(GoVetter vetter, string ip, CancellationToken ct) =>
            Reaches(ip) ? (await VetVariantAsync(vetter, ip, ct)).Facts : await vetter.FactsAsync(builder, ip, ct);

        /// Vets p's test variant (its findings count) or a variant that reaches p (for its facts only), after its
        /// compile: a package that does not compile is reported by the compiler, not by vet.
        public Task<VetOutcome> VetVariantAsync(GoVetter vetter, string ip, CancellationToken ct) =>
            _vets.GetOrAdd(ip, k => new Lazy<Task<VetOutcome>>(async () =>
            {
                await DepAsync(k, ct);
                // p as its own test unit: its ordinary package's one vet, whose facts p's importers read too.
                if (k == p.ImportPath && !Distinct) return await vetter.OrdinaryAsync(builder, p, full: true, ct);
                var (variant, from) = Variant(k);
                return await VetUnitAsync(vetter, variant, from, vetxOnly: k != p.ImportPath, ct);
            })).Value;

        /// Vets the external test package, after its compile.
        public async Task<VetOutcome> VetXTestAsync(GoVetter vetter, CancellationToken ct)
        {
            await CompileXTestAsync(ct);
            return await VetUnitAsync(vetter, XTest(), source, vetxOnly: false, ct);
        }

        private async Task<VetOutcome> VetUnitAsync(GoVetter vetter, GoPackage unit, PackageSource from, bool vetxOnly, CancellationToken ct)
        {
            if (!GoVetter.CanVet(builder, unit)) return new VetOutcome(null, null);
            var imports = builder.DirectImports(unit).ToList();
            var deps = await Task.WhenAll(imports.Select(i => DepAsync(i, ct)));
            var facts = await Task.WhenAll(imports.Select(async i => (i, await FactsAsync(vetter, i, ct))));
            return await vetter.VetAsync(builder, unit, from, deps, GoVetter.Known(facts), vetxOnly, ct);
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
