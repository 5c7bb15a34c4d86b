using Kiln.Engine;
using Kiln.Go.Packages;

namespace Kiln.Go.Rules;

/// Picks one package out of its graph.
internal sealed class PackageInGraphRule : IPersistentRule<PackageInGraph, LoadedPackage>
{
    public string Kind => "go.package/v3";
    public string EncodeKey(PackageInGraph key) => key.Encode();

    public PackageInGraph DecodeKey(string text)
    {
        var (path, graph) = PackageInGraph.Decode(text);
        return new(path, graph);
    }

    public void WriteValue(TraceWriter writer, LoadedPackage value)
    {
        GoPackageCodec.Write(writer, value.Package);
        GoPackageCodec.Write(writer, value.Source);
    }

    public LoadedPackage ReadValue(TraceReader reader) => new(GoPackageCodec.Read(reader), GoPackageCodec.ReadSource(reader));

    public async ValueTask<LoadedPackage> ComputeAsync(PackageInGraph key, IRuleContext ctx, CancellationToken ct)
    {
        var graph = await ctx.GetAsync(key.Graph, ct);
        return graph.Find(key.ImportPath) ?? throw PackageErrors.UnexpectedOutput(key.ImportPath, "imported package was not listed");
    }
}
