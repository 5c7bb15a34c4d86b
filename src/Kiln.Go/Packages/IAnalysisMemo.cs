namespace Kiln.Go.Packages;

/// Where a loader finds its package directories' analyses when it runs under the engine: each directory a node
/// kept across runs, so a warm listing looks up only the directories whose files changed.
internal interface IAnalysisMemo
{
    ValueTask<IReadOnlyList<AnalysedDirectory>> GetAsync(IReadOnlyList<PackageLocation> locations, CancellationToken ct);
}
