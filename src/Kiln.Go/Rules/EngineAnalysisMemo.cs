using Kiln.Engine;
using Kiln.Go.Packages;

namespace Kiln.Go.Rules;

/// The loader's directory analyses as engine nodes of the computation that lists (<see cref="DirectoryAnalysisRule"/>).
internal sealed class EngineAnalysisMemo(IRuleContext ctx) : IAnalysisMemo
{
    public async ValueTask<IReadOnlyList<AnalysedDirectory>> GetAsync(IReadOnlyList<PackageLocation> locations, CancellationToken ct) =>
        await ctx.GetAllAsync<DirectoryAnalysis, AnalysedDirectory>(locations.Select(DirectoryAnalysis.Of), ct);
}
