using Kiln.Engine;
using Kiln.Go.Build;
using Kiln.Go.Packages;

namespace Kiln.Go.Rules;

/// A package's compile action (GoBuilder), after its imports'. Depends on the build settings, the store's gc
/// generation (its result names blobs), the package as listed, the digests of the workspace files it
/// compiles and of the headers outside them its cgo steps read (CgoReads; stamped before they are read, so a
/// change while compiling shows next run) and its imports' export data: a dependency whose export data did not
/// change does not recompile it (early cutoff).
internal sealed class CompilePackageRule(GoRuleServices services) : IPersistentRule<CompilePackage, CompiledPackage>
{
    public string Kind => "go.compile/v3";
    public string EncodeKey(CompilePackage key) => KeyText.Join(key.ImportPath, key.Graph.Encode());

    public CompilePackage DecodeKey(string text)
    {
        var (path, graph) = PackageInGraph.Decode(text);
        return new(path, graph);
    }

    public void WriteValue(TraceWriter writer, CompiledPackage value) =>
        writer.String(value.ImportPath).Digest(value.Export).Digest(value.LinkObject).Digest(value.CoverMeta ?? default);

    public CompiledPackage ReadValue(TraceReader reader)
    {
        var value = new CompiledPackage(reader.String(), reader.Digest(), reader.Digest(), Executed: false);
        return reader.Digest() is { IsValid: true } meta ? value with { CoverMeta = meta } : value;
    }

    public async ValueTask<CompiledPackage> ComputeAsync(CompilePackage key, IRuleContext ctx, CancellationToken ct)
    {
        await ctx.GetAsync(new BuildSettings(), ct);
        await ctx.GetAsync(new StoreGeneration(), ct);
        var (p, source) = await ctx.GetAsync(new PackageInGraph(key.ImportPath, key.Graph), ct);
        var builder = services.Builder;
        if (p.Error is { } error) throw BuildErrors.PackageHasErrors(p.ImportPath, error);
        p = await WithPkgConfigAsync(ctx, builder, p, source, ct);
        if (builder.UsesCgo(p)) CgoFlags.Check(p); // before any dependency compiles
        await StampSourcesAsync(ctx, p, source, ct);
        // The headers outside the sandbox its last cgo compile read, stamped before this compile reads them; a
        // compile that read others is not traced (the next run stamps them, from the store's mark).
        var predicted = builder.PredictedReads(p, source);
        await StampReadsAsync(ctx, predicted, ct);
        var deps = await ctx.GetAllAsync(builder.DirectImports(p).Select(i => new CompilePackage(i, key.Graph)), ct);
        var compiled = await builder.CompileWithAsync(p, source, deps, ct, predicted);
        if (!compiled.Reads.All(predicted.Contains)) ctx.DoNotPersist();
        return compiled with { Executed = false };
    }

    /// p with its `#cgo pkg-config:` flags, asked through the volatile pkg-config node so a changed answer re-runs
    /// the rule that depends on it.
    internal static async Task<GoPackage> WithPkgConfigAsync(IRuleContext ctx, GoBuilder builder, GoPackage p, PackageSource source, CancellationToken ct) =>
        builder.UsesCgo(p) && p.CgoPkgConfig.Count > 0
            ? PkgConfig.Apply(p, await ctx.GetAsync(new PkgConfigQuery(p.ImportPath, builder.PkgConfigDir(source), p.CgoPkgConfig), ct))
            : p;

    /// Files read outside any package (UndeclaredReads: a test's, a cgo compile's), stamped: a directory by its listing.
    internal static async Task StampReadsAsync(IRuleContext ctx, IReadOnlyList<string> paths, CancellationToken ct)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path)) await ctx.GetAsync(new SourceDir(path, GoOnly: false), ct);
            else await ctx.GetAsync(new SourceFile(path), ct);
        }
    }

    /// The workspace files a compile of p reads, stamped (hashed when changed) before the compile reads them.
    internal static async Task StampSourcesAsync(IRuleContext ctx, GoPackage p, PackageSource source, CancellationToken ct)
    {
        if (p.Standard || source.DiskDir is not { } dir) return;
        var files = p.GoFiles.Concat(p.CgoFiles).Concat(p.CFiles).Concat(p.CXXFiles).Concat(p.MFiles).Concat(p.HFiles).Concat(p.FFiles)
            .Concat(p.SFiles).Concat(p.SysoFiles).Concat(p.EmbedFiles).Distinct(StringComparer.Ordinal);
        await ctx.GetAllAsync(files.Select(f => new SourceFile(Path.Combine(dir, f))), ct);
    }

}
