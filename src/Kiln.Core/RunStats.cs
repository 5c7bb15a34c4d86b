namespace Kiln.Core;

/// Counters for `--summary-json`, updated from parallel actions. Field meanings: docs/summary-json.md.
public sealed class RunStats
{
    private long _actionsTotal, _actionsExecuted, _localCacheHits, _remoteCacheHits;
    private long _bytesLinked, _bytesCopied, _bytesDownloaded, _filesLinked, _filesCopied, _corruptEvicted;
    private long _modulesFetched, _modulesReused;
    private long _compilesExecuted, _compilesCached, _linksExecuted, _linksCached;
    private long _testsRun, _testsCached, _testsPassed, _testsFailed;
    private long _packagesAnalysed, _packagesCached, _modulesTouched, _bytesMaterializedForAnalysis;
    private long _remoteHits, _remoteMisses, _remoteErrors, _remoteBytesUp, _remoteBytesDown;
    private readonly List<long> _actionBytes = [];

    public long ActionsTotal => Interlocked.Read(ref _actionsTotal);
    public long ActionsExecuted => Interlocked.Read(ref _actionsExecuted);
    public long LocalCacheHits => Interlocked.Read(ref _localCacheHits);
    public long RemoteCacheHits => Interlocked.Read(ref _remoteCacheHits);
    public long BytesMaterializedByLink => Interlocked.Read(ref _bytesLinked);
    public long BytesMaterializedByCopy => Interlocked.Read(ref _bytesCopied);
    public long FilesMaterializedByLink => Interlocked.Read(ref _filesLinked);
    public long FilesMaterializedByCopy => Interlocked.Read(ref _filesCopied);
    public long BytesDownloaded => Interlocked.Read(ref _bytesDownloaded);
    public long CorruptEntriesEvicted => Interlocked.Read(ref _corruptEvicted);

    public long ModulesFetchedCount => Interlocked.Read(ref _modulesFetched);
    public long ModulesReusedCount => Interlocked.Read(ref _modulesReused);

    public long PackagesAnalysed => Interlocked.Read(ref _packagesAnalysed);
    public long PackagesCached => Interlocked.Read(ref _packagesCached);
    public long ModulesTouched => Interlocked.Read(ref _modulesTouched);
    public long BytesMaterializedForAnalysis => Interlocked.Read(ref _bytesMaterializedForAnalysis);
    /// Action-cache lookups (actions and module entries) the remote answered after a local miss.
    public long RemoteHits => Interlocked.Read(ref _remoteHits);
    public long RemoteMisses => Interlocked.Read(ref _remoteMisses);
    public long RemoteErrors => Interlocked.Read(ref _remoteErrors);
    public long RemoteBytesUploaded => Interlocked.Read(ref _remoteBytesUp);
    public long RemoteBytesDownloaded => Interlocked.Read(ref _remoteBytesDown);

    public long CompilesExecuted => Interlocked.Read(ref _compilesExecuted);
    public long CompilesCached => Interlocked.Read(ref _compilesCached);
    public long LinksExecuted => Interlocked.Read(ref _linksExecuted);
    public long LinksCached => Interlocked.Read(ref _linksCached);

    /// Test-run actions (`kiln test`): executed or answered by the cache; passed or failed.
    public long TestsRun => Interlocked.Read(ref _testsRun);
    public long TestsCached => Interlocked.Read(ref _testsCached);
    public long TestsPassed => Interlocked.Read(ref _testsPassed);
    public long TestsFailed => Interlocked.Read(ref _testsFailed);

    public void GoTested(bool cached, bool passed)
    {
        Interlocked.Increment(ref cached ? ref _testsCached : ref _testsRun);
        Interlocked.Increment(ref passed ? ref _testsPassed : ref _testsFailed);
    }

    /// Bytes placed into each executed action's sandbox: how many actions, and the p50, p99 and max
    /// (nearest rank; all 0 when none ran).
    public (int Count, long P50, long P99, long Max) MaterializedPerAction()
    {
        long[] sorted;
        lock (_actionBytes) sorted = [.. _actionBytes];
        if (sorted.Length == 0) return (0, 0, 0, 0);
        Array.Sort(sorted);
        long Rank(double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return (sorted.Length, Rank(0.50), Rank(0.99), sorted[^1]);
    }

    public void ActionMaterialized(long bytes)
    {
        lock (_actionBytes) _actionBytes.Add(bytes);
    }

    public void GoCompiled(bool executed) => Interlocked.Increment(ref executed ? ref _compilesExecuted : ref _compilesCached);
    public void GoLinked(bool executed) => Interlocked.Increment(ref executed ? ref _linksExecuted : ref _linksCached);
    public void ActionRequested() => Interlocked.Increment(ref _actionsTotal);
    public void ActionExecuted() => Interlocked.Increment(ref _actionsExecuted);
    public void LocalCacheHit() => Interlocked.Increment(ref _localCacheHits);
    public void RemoteCacheHit() => Interlocked.Increment(ref _remoteCacheHits);
    public void Linked(long bytes) { Interlocked.Add(ref _bytesLinked, bytes); Interlocked.Increment(ref _filesLinked); }
    public void Copied(long bytes) { Interlocked.Add(ref _bytesCopied, bytes); Interlocked.Increment(ref _filesCopied); }
    public void Downloaded(long bytes) => Interlocked.Add(ref _bytesDownloaded, bytes);
    public void ModulesFetched(int n) => Interlocked.Add(ref _modulesFetched, n);
    public void ModulesReused(int n) => Interlocked.Add(ref _modulesReused, n);
    public void PackagesFromAnalysis(int n, bool cached) => Interlocked.Add(ref cached ? ref _packagesCached : ref _packagesAnalysed, n);
    public void ModuleTouched() => Interlocked.Increment(ref _modulesTouched);
    public void MaterializedForAnalysis(long bytes) => Interlocked.Add(ref _bytesMaterializedForAnalysis, bytes);
    public void RemoteHit() => Interlocked.Increment(ref _remoteHits);
    public void RemoteMiss() => Interlocked.Increment(ref _remoteMisses);
    public void RemoteError() => Interlocked.Increment(ref _remoteErrors);
    public void RemoteUploaded(long bytes) => Interlocked.Add(ref _remoteBytesUp, bytes);
    public void RemoteDownloaded(long bytes) => Interlocked.Add(ref _remoteBytesDown, bytes);
    public void CorruptEvicted() => Interlocked.Increment(ref _corruptEvicted);
}
