using System.Collections.Concurrent;
using Kiln.Exec;
using Kiln.Go.Build;
using Kiln.Go.Packages;
using Kiln.Store;

namespace Kiln.Go.Vet;

/// vet for one run, as cmd/go's vet actions: each unit vetted against the export data of its compiled direct
/// imports and their vet facts, the facts of every ordinary package computed once per run (`VetxOnly`, or by the
/// full vet of a root that is its own test unit; every view of the builder sharing them) and cached as actions
/// across runs. A dependency whose facts vet could not compute has none, as go ignores its failure.
public sealed class GoVetter
{
    private readonly LocalStore _store;
    private readonly CachingExecutor _executor;
    private readonly ConcurrentDictionary<(string, bool), Lazy<Task<VetOutcome>>> _ordinary = new();
    private readonly IReadOnlySet<string> _roots;

    /// `roots`: the packages this run tests or vets (go's VetAction targets).
    public GoVetter(LocalStore store, CachingExecutor executor, VetSetting setting, IReadOnlySet<string>? roots = null)
    {
        _store = store;
        _executor = executor;
        Setting = setting;
        _roots = roots ?? new HashSet<string>(StringComparer.Ordinal);
    }

    public VetSetting Setting { get; }

    /// Whether vet can check p here: a package with Go files and no cgo in this configuration (cgo's generated
    /// files are not vetted yet).
    internal static bool CanVet(GoBuilder builder, GoPackage p) => p.GoFiles.Count > 0 && !builder.UsesCgo(p) && p.Error is null;

    /// Whether p's ordinary package is vetted in full in this run: a root that is its own test unit
    /// (load.TestPackagesFor's ptest == p: no internal test files, not a main package, not instrumented). go has one
    /// vet action per package (work/action.go vetAction, VetxOnly cleared by VetAction for a root), so the full vet
    /// of such a root also gives the facts its importers read, and no facts-only run of it happens.
    internal bool InFull(GoPackage p) => _roots.Contains(p.ImportPath) && !Test.TestBinaryBuilder.CompiledApart(p);

    /// The vet facts of an ordinary package, or null when it has none.
    internal async Task<Core.Digest?> FactsAsync(GoBuilder builder, string importPath, CancellationToken ct) =>
        builder.Package(importPath) is { } p ? (await OrdinaryAsync(builder, p, InFull(p), ct)).Facts : null;

    /// The vet of an ordinary package against the compiles and facts of its imports, once per run: in full (its
    /// findings count) or for its facts only (VetxOnly).
    internal Task<VetOutcome> OrdinaryAsync(GoBuilder builder, GoPackage p, bool full, CancellationToken ct) =>
        _ordinary.GetOrAdd((p.ImportPath, full), k => new Lazy<Task<VetOutcome>>(() => Task.Run(() => ComputeOrdinaryAsync(builder, p, full, ct), ct))).Value;

    private async Task<VetOutcome> ComputeOrdinaryAsync(GoBuilder builder, GoPackage p, bool full, CancellationToken ct)
    {
        if (!CanVet(builder, p)) return new VetOutcome(null, null);
        var imports = builder.DirectImports(p).ToList();
        var deps = await Task.WhenAll(imports.Select(i => builder.CompileAsync(i, ct)));
        var facts = await Task.WhenAll(imports.Select(async i => (i, await FactsAsync(builder, i, ct))));
        return await VetAsync(builder, p, builder.SourceOf(p), deps, Known(facts), vetxOnly: !full, ct);
    }

    /// The facts that exist, in import order.
    internal static List<(string, Core.Digest)> Known(IEnumerable<(string ImportPath, Core.Digest? Facts)> facts) =>
        [.. facts.Where(f => f.Facts is not null).Select(f => (f.ImportPath, f.Facts!.Value))];

    /// Vets one unit (`unit` as vet sees it: a package, a test variant, an external test package).
    internal async Task<VetOutcome> VetAsync(GoBuilder builder, GoPackage unit, PackageSource source, IReadOnlyList<CompiledPackage> deps,
        IReadOnlyList<(string, Core.Digest)> facts, bool vetxOnly, CancellationToken ct)
    {
        var request = VetAction.Request(_store, builder.Tools, unit, source, deps, facts, Setting.FlagsFor(unit), vetxOnly,
            ip => builder.Package(ip)?.Standard ?? false);
        var result = await _executor.ExecuteAsync(request, ct);
        var factsFile = result.OutputFile(VetAction.FactsPath) is { } f ? LocalStore.FromProto(f.Digest) : (Core.Digest?)null;
        if (result.Succeeded) return new VetOutcome(factsFile, null);
        var packageDir = unit.Standard ? null : unit.Dir;
        var output = builder.ActionOutput(result, packageDir);
        if (output.Length == 0) output = $"exit status {result.ExitCode}";
        return new VetOutcome(factsFile, RelativizeFiles(output, packageDir));
    }

    /// vet's positions also name `src/FILE` relative to its sandbox (the config's file names): they become
    /// workspace-relative, like the absolute sandbox paths GoBuilder.ActionOutput rewrites.
    private static string RelativizeFiles(string text, string? packageDir)
    {
        var prefix = packageDir is null or "." or "" ? "" : packageDir + "/";
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith(VetAction.SrcDir + "/", StringComparison.Ordinal)) lines[i] = prefix + lines[i][(VetAction.SrcDir.Length + 1)..];
            else if (lines[i].StartsWith("vet: " + VetAction.SrcDir + "/", StringComparison.Ordinal)) lines[i] = "vet: " + prefix + lines[i][(VetAction.SrcDir.Length + 6)..];
        }
        return string.Join('\n', lines);
    }

    /// go's report of a unit's findings (work/shell.go cmdError): `# importpath`, then `# [importpath]` for a
    /// test variant (its description is not its import path), then vet's output.
    public static string Report(string importPath, bool testVariant, string output) =>
        "# " + importPath + "\n" + (testVariant ? "# [" + importPath + "]\n" : "") + output.TrimEnd('\n') + "\n";
}
