using Kiln.Core;
using Kiln.Engine;
using Kiln.Go.Build;

namespace Kiln.Go.Rules;

/// A main package's link action, after every package it reaches compiled. Depends on what its compile
/// depends on, each of those packages' link objects and its module's go.mod (godebug lines).
internal sealed class LinkBinaryRule(GoRuleServices services) : IPersistentRule<LinkBinary, BuiltBinary>
{
    public string Kind => "go.link/v3";
    public string EncodeKey(LinkBinary key) => KeyText.Join([key.ImportPath, key.Graph.Encode(), .. key.LinkFlags]);

    public LinkBinary DecodeKey(string text)
    {
        var parts = KeyText.Split(text);
        if (parts.Count < 2) throw new FormatException("malformed link key");
        return new(parts[0], ResolvePackages.Decode(parts[1]), new EquatableArray<string>(parts.Skip(2)));
    }

    public void WriteValue(TraceWriter writer, BuiltBinary value) =>
        writer.String(value.ImportPath).String(value.PackageDir).String(value.FileName).Digest(value.Binary);

    public BuiltBinary ReadValue(TraceReader reader) =>
        new(reader.String(), reader.String(), reader.String(), reader.Digest(), Executed: false);

    /// The go and godebug lines of the main module's go.mod, or in workspace mode of the go.work, set a main package's
    /// (or a test binary's) GODEBUG defaults: a link depends on them.
    internal static async Task StampGodebugSourcesAsync(IRuleContext ctx, GoRuleServices services, Packages.GoPackage main, CancellationToken ct)
    {
        if (services.Roots.FirstOrDefault(r => r.Manifest.MainModule == main.Module?.Path) is not { } root) return;
        await ctx.GetAsync(new SourceFile(Path.Combine(root.Dir, "go.mod")), ct);
        if (root.ReplaceBase is not null) await ctx.GetAsync(new SourceFile(Path.Combine(services.WorkspaceRoot, "go.work")), ct);
    }

    public async ValueTask<BuiltBinary> ComputeAsync(LinkBinary key, IRuleContext ctx, CancellationToken ct)
    {
        await ctx.GetAsync(new BuildSettings(), ct);
        await ctx.GetAsync(new StoreGeneration(), ct);
        var (main, source) = await ctx.GetAsync(new PackageInGraph(key.ImportPath, key.Graph), ct);
        _ = await ctx.GetAsync(key.Graph, ct); // the closure below comes from it
        await CompilePackageRule.StampSourcesAsync(ctx, main, source, ct);
        await StampGodebugSourcesAsync(ctx, services, main, ct);
        var builder = services.Builder;
        var closure = builder.Closure(main.ImportPath);
        var compiled = await ctx.GetAllAsync(closure.Select(p => new CompilePackage(p.ImportPath, key.Graph)), ct);
        var binary = await builder.LinkMainAsync(main, closure, compiled, services.ManifestOf(main), services.GoModOf(main), key.LinkFlags, ct,
            (key.Graph.GcFlag.Raw, key.Graph.AsmFlag.Raw));
        return binary with { Executed = false };
    }

}
