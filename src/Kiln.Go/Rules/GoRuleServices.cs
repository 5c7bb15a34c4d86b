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

    /// The run's clock: a rule notes when it begins to read files, to tell a change made before from one that
    /// may have raced with its reads.
    public required TimeProvider Clock { get; init; }

    /// The go.mod of a main package's module (its godebug lines), and its module manifest (build information).
    public required Func<GoPackage, GoModFile?> GoModOf { get; init; }
    public required Func<GoPackage, ModuleManifest?> ManifestOf { get; init; }

    /// Whether a file (or directory) may have changed after `readFrom`, the moment a rule began to read it: its
    /// change time is later, less the kernel's timestamp coarseness (file times come from a clock that advances
    /// once per tick, 4 ms at HZ=250 and 10 ms at HZ=100; 20 ms covers both). A change made just before the run,
    /// as a script that edits then builds does, is not such a change: the rule read its result.
    public static bool ChangedSince(FileStamp? stamp, DateTimeOffset readFrom)
    {
        if (stamp is not { } s) return false;
        var from = (readFrom.ToUnixTimeMilliseconds() - TimestampCoarsenessMs) * 1_000_000;
        return s.CtimeNs >= from || s.MtimeNs >= from;
    }

    internal const long TimestampCoarsenessMs = 20;
}
