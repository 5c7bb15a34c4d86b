using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Kiln.Core;
using Kiln.Store;

namespace Kiln.Benchmarks;

/// Snapshot and materialization of the 10,000-file `SourceTree`, against `cp -a` and `cp -al` of it.
/// The cp baselines are separate processes (`/bin/cp`), so they include a process start (the
/// `ProcessStart` row, `/bin/true`, measures that overhead alone). `cp -al` links the materialized tree,
/// i.e. the store's read-only blob inodes, so both sides create the same links to the same inodes.
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
[MemoryDiagnoser]
public class TreeBenchmarks
{
    private string work = "";
    private string source = "";
    private string linked = "";
    private string target = "";
    private LocalStore warm = null!;
    private LocalStore cold = null!;
    private LocalStore reopened = null!;
    private Digest root;
    private int coldGeneration;

    [GlobalSetup]
    public void GlobalSetup()
    {
        // Under /tmp: the same file system as the stores, so links never fall back to copies.
        work = Path.Combine(Path.GetTempPath(), "kiln-bench-tree-" + Environment.ProcessId);
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        source = Path.Combine(work, "src");
        SourceTree.Write(source);
        warm = new LocalStore(Path.Combine(work, "store-warm"));
        root = warm.Snapshot(source);
        // This first materialization also makes the cas-x/ copies of the 20 executables, so the measured
        // ones are the steady state: every blob present in the right mode, links only.
        linked = Path.Combine(work, "linked");
        warm.Materialize(root, linked);
        if (warm.Stats.FilesMaterializedByLink != SourceTree.FileCount || warm.Stats.FilesMaterializedByCopy != 0)
            throw new InvalidOperationException($"expected {SourceTree.FileCount} links, got {warm.Stats.FilesMaterializedByLink} links and {warm.Stats.FilesMaterializedByCopy} copies");
        target = Path.Combine(work, "out");
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
    }

    [IterationSetup(Targets = [nameof(SnapshotCold)])]
    public void NewColdStore()
    {
        var previous = Path.Combine(work, "store-cold-" + coldGeneration);
        if (Directory.Exists(previous)) Directory.Delete(previous, recursive: true);
        cold = new LocalStore(Path.Combine(work, "store-cold-" + ++coldGeneration));
        Sync();
    }

    [IterationSetup(Targets = [nameof(SnapshotWarm), nameof(Materialize), nameof(CpA), nameof(CpAl), nameof(ProcessStart)])]
    public void DeleteTarget()
    {
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Sync();
    }

    [IterationSetup(Targets = [nameof(MaterializeReopened)])]
    public void DeleteTargetAndReopenStore()
    {
        DeleteTarget();
        reopened = new LocalStore(warm.Root);
    }

    /// Every blob written: hashing, temp file, chmod, utimes, rename, for 10,000 files and 500 directories.
    [Benchmark]
    public Digest SnapshotCold() => cold.Snapshot(source);

    /// Every blob already present: hashing plus the stat-based soundness check.
    [Benchmark]
    public Digest SnapshotWarm() => warm.Snapshot(source);

    /// The store instance that snapshotted the tree: its Directory protos are memoized.
    [Benchmark]
    public void Materialize() => warm.Materialize(root, target);

    /// A new store instance on the same root, as in a fresh `kiln` process: the 500 Directory protos
    /// are read and re-hashed first.
    [Benchmark]
    public void MaterializeReopened() => reopened.Materialize(root, target);

    /// Full copy of the source tree (data included).
    [Benchmark]
    public int CpA() => Run("/bin/cp", "-a", source, target);

    /// Hard-link copy of the materialized tree (links to the store's blob inodes).
    [Benchmark(Baseline = true)]
    public int CpAl() => Run("/bin/cp", "-al", linked, target);

    /// Process start and wait alone: the overhead included in the two cp rows.
    [Benchmark]
    public int ProcessStart() => Run("/bin/true");

    /// Flushes the previous iteration's deletes and writes so their write-back does not land in the
    /// measured iteration (the VM's disk is slow and shared).
    private static void Sync() => Run("/bin/sync");

    private static int Run(string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { UseShellExecute = false })!;
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}");
        return p.ExitCode;
    }
}
