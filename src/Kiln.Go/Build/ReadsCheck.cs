using Kiln.Core;
using Kiln.Exec;

namespace Kiln.Go.Build;

/// One execution's check of a cached result against the reads its key covers (see UndeclaredReads): `readsOf`
/// gives the reads a result's output `outputPath` records (null when they cannot be told: not sound to reuse).
internal sealed class ReadsCheck(IReadOnlyList<string> keyed, string outputPath, Func<Store.Reapi.OutputFile?, IReadOnlyList<string>?> readsOf)
{
    private IReadOnlyList<string>? _hitReads;

    /// CachingExecutor's `accept`: a cached result whose record names a read the key did not cover is a miss (its
    /// file may have changed since).
    public string? Accept(Store.Reapi.ActionResult result)
    {
        _hitReads = readsOf(result.OutputFiles.FirstOrDefault(f => f.Path == outputPath));
        return _hitReads is not null && _hitReads.All(keyed.Contains) ? null : "the action read files its key does not cover";
    }

    /// What the executed or reused result read (none when its record cannot be read).
    public IReadOnlyList<string> Read(ExecutionResult result) =>
        (result.Outcome is ActionOutcome.LocalCacheHit or ActionOutcome.RemoteCacheHit ? _hitReads : readsOf(result.OutputFile(outputPath))) ?? [];
}
