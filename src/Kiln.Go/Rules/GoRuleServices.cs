using Kiln.Go.Build;
using Kiln.Go.Modules;
using Kiln.Go.Packages;
using Kiln.Store;

namespace Kiln.Go.Rules;

/// What the Go rules of one run share: the session's loader and module roots, the store, and the builder that
/// turns a package into compile and link actions (the only way into the executor).
public sealed class GoRuleServices
{
    public required LocalStore Store { get; init; }
    public required PackageLoader Loader { get; init; }
    public required IReadOnlyList<ModuleRoot> Roots { get; init; }
    public required string WorkspaceRoot { get; init; }
    public required GoBuilder Builder { get; init; }

    /// When this run began: a file whose change time is later (less the clock's coarseness) may have changed
    /// after a rule read it.
    public required DateTimeOffset RunStarted { get; init; }

    /// The go.mod of a main package's module (its godebug lines), and its module manifest (build information).
    public required Func<GoPackage, GoModFile?> GoModOf { get; init; }
    public required Func<GoPackage, ModuleManifest?> ManifestOf { get; init; }

    public bool ChangedSinceStart(FileStamp? stamp)
    {
        if (stamp is not { } s) return false;
        var started = (RunStarted.ToUnixTimeMilliseconds() - 50) * 1_000_000;
        return s.CtimeNs >= started || s.MtimeNs >= started;
    }
}
