using Kiln.Core;

namespace Kiln.Go.Packages;

/// Gathers the package directories that missed the cache while a wave of directory analyses runs (the engine runs
/// a wave's nodes in parallel, each looking itself up first) and analyses them with one go command: a batch closes
/// once no directory has joined it for a few milliseconds. A cold listing thus starts one process per wave, as
/// the loader does without the engine; a warm one, none.
internal sealed class AnalysisBatcher(PackageAnalyzer analyzer, RunStats stats)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(10);

    private sealed record Pending(Digest Files, string Label, TaskCompletionSource<(GoListPackage Package, string Prefix)> Done);

    private readonly Lock _lock = new();
    private List<Pending> _pending = [];
    private long _joined;
    private bool _open;

    /// The analysis of one directory's files (not cached: the caller looked), from the batch it joins.
    public Task<(GoListPackage Package, string Prefix)> AnalyseAsync(Digest files, string label, CancellationToken ct)
    {
        var done = new TaskCompletionSource<(GoListPackage, string)>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool first;
        lock (_lock)
        {
            _pending.Add(new Pending(files, label, done));
            _joined++;
            first = !_open;
            _open = true;
        }
        if (first) _ = Task.Run(() => CloseAndRunAsync(ct), CancellationToken.None);
        return done.Task;
    }

    private async Task CloseAndRunAsync(CancellationToken ct)
    {
        List<Pending> batch;
        while (true)
        {
            long seen;
            lock (_lock) seen = _joined;
            try { await Task.Delay(Quiet, ct); }
            catch (OperationCanceledException) { }
            lock (_lock)
            {
                if (_joined != seen && !ct.IsCancellationRequested) continue;
                batch = _pending;
                _pending = [];
                _open = false;
            }
            break;
        }
        try
        {
            ct.ThrowIfCancellationRequested();
            var results = await analyzer.AnalyseDirectoriesAsync([.. batch.Select(p => (p.Files, p.Label))], ct, lookFirst: false);
            stats.PackagesFromAnalysis(batch.Count, cached: false);
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult((results[i].Package, results[i].Prefix));
        }
        catch (Exception e)
        {
            foreach (var p in batch) p.Done.TrySetException(e);
        }
    }
}
