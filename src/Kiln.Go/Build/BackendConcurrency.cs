using Kiln.Core;

namespace Kiln.Go.Build;

/// The `-c=N` the go command passes to `go tool compile` (cmd/go/internal/work/gc.go, gcBackendConcurrency, Go 1.23):
/// none when GO19CONCURRENTCOMPILATION=0; else GOMAXPROCS (the `GOMAXPROCS` variable when it is a positive number,
/// else the CPUs) when only one action runs at a time (`-p 1`, Kiln's `--jobs 1`), capped at 4 otherwise.
/// The experiments that turn it off (fieldtrack, preemptibleloops) never apply: build actions run with GOEXPERIMENT empty.
public static class BackendConcurrency
{
    /// 1 means "pass no -c", as go does.
    public static int For(int jobs, int cpus, string? gomaxprocs, string? go19ConcurrentCompilation)
    {
        switch (go19ConcurrentCompilation)
        {
            case "0": return 1;
            case null or "" or "1": break;
            default: throw BuildErrors.BadEnvironmentSetting("GO19CONCURRENTCOMPILATION", go19ConcurrentCompilation, "must be 0, 1 or unset");
        }
        var procs = int.TryParse(gomaxprocs, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : Math.Max(1, cpus);
        return jobs == 1 ? procs : Math.Min(4, procs);
    }

    /// The compile flags for a concurrency from For. They change no output, so they are never part of an action key: go
    /// leaves them out of the action ID too (buildActionID in exec.go hashes only forcedGcflags and the package's
    /// -gcflags; gc.go appends `-c` to defaultGcFlags, which are not hashed).
    public static EquatableArray<string> Flags(int concurrency) =>
        concurrency > 1 ? new([$"-c={concurrency}"]) : EquatableArray<string>.Empty;
}
