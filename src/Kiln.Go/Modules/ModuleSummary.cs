namespace Kiln.Go.Modules;

/// What the module graph needs from one dependency's go.mod: its requirements (excluded versions dropped) and
/// whether its go line (≥ 1.17) lets the graph prune its dependencies.
internal sealed record ModuleSummary(IReadOnlyList<ModuleVersion> Requires, bool Pruned);
