using Kiln.Engine;
using Kiln.Go.Build;
using Kiln.Go.Packages;

namespace Kiln.Go.Rules;

/// A package's compile action (GoBuilder), after its imports'. Depends on the build settings, the store's gc
/// generation (its result names blobs), the package as listed, the digests of the workspace files it
/// compiles (stamped before they are read, so a change while compiling shows next run) and its imports'
/// export data: a dependency whose export data did not change does not recompile it (early cutoff).
internal sealed class CompilePackageRule(GoRuleServices services) : IPersistentRule<CompilePackage, CompiledPackage>
{
    public string Kind => "go.compile/v1";
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
        if (builder.UsesCgo(p)) CgoFlags.Check(p); // before any dependency compiles
        await StampSourcesAsync(ctx, p, source, ct);
        var deps = await ctx.GetAllAsync(builder.DirectImports(p).Select(i => new CompilePackage(i, key.Graph)), ct);
        var compiled = await builder.CompileWithAsync(p, source, deps, ct);
        return compiled with { Executed = false };
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
