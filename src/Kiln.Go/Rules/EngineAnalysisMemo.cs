using Kiln.Engine;
using Kiln.Go.Packages;

namespace Kiln.Go.Rules;

/// The loader's directory analyses as engine nodes of the computation that lists (<see cref="DirectoryAnalysisRule"/>).
/// A workspace directory's is a dependency of the listing. A stored module directory's is requested by content (its
/// key names the module's tree; the settings it also depends on are the listing's too): a warm run verifies the
/// listing without verifying hundreds of them.
internal sealed class EngineAnalysisMemo(IRuleContext ctx) : IAnalysisMemo
{
    public async ValueTask<IReadOnlyList<AnalysedDirectory>> GetAsync(IReadOnlyList<PackageLocation> locations, CancellationToken ct)
    {
        var keys = locations.Select(DirectoryAnalysis.Of).ToList();
        var workspace = keys.Where(k => k.InWorkspace).ToList();
        var modules = keys.Where(k => !k.InWorkspace).ToList();
        // Both at once: the misses of a wave share one batch (see AnalysisBatcher).
        var localTask = ctx.GetAllAsync<DirectoryAnalysis, AnalysedDirectory>(workspace, ct).AsTask();
        var storedTask = ctx.GetAllByContentAsync<DirectoryAnalysis, AnalysedDirectory>(modules, ct).AsTask();
        await Task.WhenAll((Task)localTask, storedTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var (local, stored) = (await localTask, await storedTask);
        var result = new AnalysedDirectory[keys.Count];
        int w = 0, m = 0;
        for (var i = 0; i < keys.Count; i++) result[i] = keys[i].InWorkspace ? local[w++] : stored[m++];
        return result;
    }
}
