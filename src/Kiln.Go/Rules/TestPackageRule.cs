using Kiln.Engine;
using Kiln.Go.Test;

namespace Kiln.Go.Rules;

/// A package's test binary built and run (GoTester), with every ordinary compile requested through the
/// engine, so they are this node's dependencies. Before anything is read it stamps the files the test binary
/// and the run read: the workspace packages the test compiles, and the package directory with its testdata tree.
/// Only passing results (and packages without tests) are traced, as go caches only successes; a reused result
/// is reported `(cached)`.
internal sealed class TestPackageRule(GoRuleServices services, GoTester tester) : IPersistentRule<TestPackage, PackageTestResult>
{
    public string Kind => "go.test/v5";
    public string EncodeKey(TestPackage key) => KeyText.Join([key.ImportPath, key.Graph.Encode(), .. key.Args]);

    /// Test results are requested only by commands, never by other rules, so their keys are never decoded.
    public TestPackage DecodeKey(string text) => throw new FormatException("test keys are not dependencies");

    public void WriteValue(TraceWriter writer, PackageTestResult value) =>
        writer.String(value.ImportPath).Int((int)value.Verdict).String(value.Output).Int(value.Elapsed.Ticks).Bool(value.Cover);

    public PackageTestResult ReadValue(TraceReader reader) =>
        new(reader.String(), (TestVerdict)reader.Int(), reader.String(), TimeSpan.FromTicks(reader.Int()), Cached: true) { Cover = reader.Bool() };

    public async ValueTask<PackageTestResult> ComputeAsync(TestPackage key, IRuleContext ctx, CancellationToken ct)
    {
        await ctx.GetAsync(new BuildSettings(), ct);
        await ctx.GetAsync(new StoreGeneration(), ct);
        var (p, source) = await ctx.GetAsync(new PackageInGraph(key.ImportPath, key.Graph), ct);
        var graph = await ctx.GetAsync(key.Graph, ct);
        // What the test compiles (not the whole graph: with every package of ./... a test, that was quadratic)
        var closure = graph.TestClosure(p) ?? graph.All;
        foreach (var local in closure.Where(l => !l.Package.Standard && l.Source.DiskDir is not null))
            await CompilePackageRule.StampSourcesAsync(ctx, local.Package, local.Source, ct);
        // pkg-config's answers for the cgo packages the test compiles (variants compile here, asking it themselves)
        foreach (var l in closure.Where(l => !l.Package.Standard && l.Package.CgoPkgConfig.Count > 0))
            await CompilePackageRule.WithPkgConfigAsync(ctx, services.Builder, l.Package, l.Source, ct);
        if (!p.Standard && source.DiskDir is { } dir)
        {
            await StampTreeAsync(ctx, dir, top: true, ct);
            await ctx.GetAllAsync(TestEmbedFiles(p, dir).Select(f => new SourceFile(Path.Combine(dir, f))), ct);
        }
        await LinkBinaryRule.StampGodebugSourcesAsync(ctx, services, p, ct);   // the test binary's GODEBUG defaults
        var view = services.Builder.WithCompiler((ip, c) => ctx.GetAsync(new CompilePackage(ip, key.Graph), c).AsTask());
        // The workspace files outside the package its last run read, stamped before this run reads them; a run
        // that read others is not traced (the next run stamps them, from the store's mark).
        var predicted = tester.PredictedReads(p, key.Flags);
        await CompilePackageRule.StampReadsAsync(ctx, predicted, ct);
        // The test variants of cgo packages are compiled here, not by their compile rule: the headers their
        // package's cgo compiles read (CgoReads, a mark the variants share) are stamped, the same way.
        var cgoPredicted = CgoReads(closure);
        await CompilePackageRule.StampReadsAsync(ctx, cgoPredicted, ct);
        var result = await tester.TestAsync(p, key.Flags, view, ct, predicted);
        if (result.Verdict is not (TestVerdict.Ok or TestVerdict.NoTestFiles) || !result.Reads.All(predicted.Contains)
            || !CgoReads(closure).All(cgoPredicted.Contains)) ctx.DoNotPersist();
        return result;
    }

    /// The files its test files embed (a pattern that matches nothing fails the test's build, which reports it).
    private static List<string> TestEmbedFiles(Packages.GoPackage p, string dir)
    {
        try
        {
            return [.. TestEmbeds.Of(p.TestEmbedFiles, p.TestEmbedPatterns, dir), .. TestEmbeds.Of(p.XTestEmbedFiles, p.XTestEmbedPatterns, dir)];
        }
        catch (Core.KilnException)
        {
            return [];
        }
    }

    private List<string> CgoReads(IEnumerable<LoadedPackage> closure) =>
        [.. closure.Where(l => !l.Package.Standard).SelectMany(l => services.Builder.PredictedReads(l.Package, l.Source)).Distinct(StringComparer.Ordinal)];

    /// The package directory's files (the run's working directory holds them all) and its testdata tree.
    private static async Task StampTreeAsync(IRuleContext ctx, string dir, bool top, CancellationToken ct)
    {
        var listing = await ctx.GetAsync(new SourceDir(dir, GoOnly: false), ct);
        await ctx.GetAllAsync(listing.Entries.Where(e => e.StartsWith("f ", StringComparison.Ordinal))
            .Select(e => new SourceFile(Path.Combine(dir, e[2..]))), ct);
        foreach (var sub in listing.Entries.Where(e => e.StartsWith("d ", StringComparison.Ordinal)).Select(e => e[2..]))
        {
            if (!top || sub == "testdata") await StampTreeAsync(ctx, Path.Combine(dir, sub), top: false, ct);
        }
    }
}
