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

    /// The file clock (<see cref="FileClock.NowNs"/>): a rule notes when it begins to read files, to tell a change
    /// made before from one that may have raced with its reads.
    public Func<long> FileClockNs { get; init; } = FileClock.NowNs;

    /// The go.mod of a main package's module (its godebug lines), and its module manifest (build information).
    public required Func<GoPackage, GoModFile?> GoModOf { get; init; }
    public required Func<GoPackage, ModuleManifest?> ManifestOf { get; init; }

    /// Whether a file (or directory) may have changed after `readFromNs`, the file clock (<see cref="FileClock"/>)
    /// when a rule began to read it: its change or modification time is that moment or later. A change made
    /// before, even by a script that edits then builds at once, is not such a change: the rule read its result.
    /// A time with no fraction of a second may come from a file system that keeps whole seconds: it is compared
    /// with the second `readFromNs` falls in.
    public static bool ChangedSince(FileStamp? stamp, long readFromNs) =>
        stamp is { } s && (AtOrAfter(s.CtimeNs, readFromNs) || AtOrAfter(s.MtimeNs, readFromNs));

    private static bool AtOrAfter(long timeNs, long readFromNs) =>
        timeNs >= (timeNs % 1_000_000_000 == 0 ? readFromNs - readFromNs % 1_000_000_000 : readFromNs);
}
