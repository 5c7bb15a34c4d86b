using Kiln.Engine;
using Kiln.Go.Test;

namespace Kiln.Go.Rules;

/// `kiln vet`: a package vetted as go vet does (GoTester.VetFindingsAsync), with every ordinary compile requested
/// through the engine. Before anything is read it stamps what vet and the compiles read: the sources of the
/// workspace packages vet compiles for it and the package's test files. Only clean results are traced, so a package with
/// findings is vetted again next time (as go does); vet's own actions are cached by the executor.
internal sealed class VetPackageRule(GoRuleServices services, GoTester tester) : IPersistentRule<VetPackage, VetReport>
{
    public string Kind => "go.vet/v2";
    public string EncodeKey(VetPackage key) => KeyText.Join(key.ImportPath, key.Graph.Encode(), key.Setting.Encode());

    /// Vet reports are requested only by commands, never by other rules, so their keys are never decoded.
    public VetPackage DecodeKey(string text) => throw new FormatException("vet keys are not dependencies");

    public void WriteValue(TraceWriter writer, VetReport value) => writer.String(value.ImportPath).String(value.Findings);

    public VetReport ReadValue(TraceReader reader) => new(reader.String(), reader.String());

    public async ValueTask<VetReport> ComputeAsync(VetPackage key, IRuleContext ctx, CancellationToken ct)
    {
        await ctx.GetAsync(new BuildSettings(), ct);
        await ctx.GetAsync(new StoreGeneration(), ct);
        var (p, source) = await ctx.GetAsync(new PackageInGraph(key.ImportPath, key.Graph), ct);
        var graph = await ctx.GetAsync(key.Graph, ct);
        foreach (var local in (graph.TestClosure(p) ?? graph.All).Where(l => !l.Package.Standard && l.Source.DiskDir is not null))
            await CompilePackageRule.StampSourcesAsync(ctx, local.Package, local.Source, ct);
        if (!p.Standard && source.DiskDir is { } dir)
        {
            await ctx.GetAllAsync(p.TestGoFiles.Concat(p.XTestGoFiles).Concat(p.IgnoredGoFiles).Concat(p.TestEmbedFiles).Concat(p.XTestEmbedFiles)
                .Distinct(StringComparer.Ordinal).Select(f => new SourceFile(Path.Combine(dir, f))), ct);
        }
        var view = services.Builder.WithCompiler((ip, c) => ctx.GetAsync(new CompilePackage(ip, key.Graph), c).AsTask());
        var findings = await tester.VetFindingsAsync(p, key.Setting, view, ct) ?? "";
        if (findings.Length > 0) ctx.DoNotPersist();
        return new VetReport(p.ImportPath, findings);
    }
}
