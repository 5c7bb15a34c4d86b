using Google.Protobuf;
using Kiln.Store.Reapi;

namespace Kiln.Store;

/// Size-bounded LRU garbage collection.
public sealed partial class LocalStore
{
    private static readonly TimeSpan StaleTemp = TimeSpan.FromHours(1);

    /// Sweeps stale temp files and the sandboxes of dead processes, evicts least-recently-used blobs until the store holds at most maxSizeBytes of blobs, then removes
    /// every action-cache entry that references a blob no longer present.
    public GcReport Collect(long maxSizeBytes)
    {
        BumpGcGeneration();
        var now = _time.GetUtcNow().UtcDateTime;
        var tempRemoved = 0;
        void SweepTemp(FileInfo file)
        {
            if (now - file.LastWriteTimeUtc > StaleTemp && TryDelete(file.FullName)) tempRemoved++;
        }
        foreach (var tmp in new DirectoryInfo(_paths.Temp).EnumerateFiles()) SweepTemp(tmp);
        // Files a killed writer left beside the entries it was writing (StorePaths.TempBeside).
        foreach (var root in new[] { _paths.ActionCache, _paths.Marks }.Where(System.IO.Directory.Exists))
        {
            foreach (var file in new DirectoryInfo(root).EnumerateFiles(StorePaths.TempPrefix + "*", SearchOption.AllDirectories)) SweepTemp(file);
        }

        var sandboxesRemoved = SweepSandboxes(now);

        var blobs = new List<FileInfo>();
        foreach (var root in new[] { _paths.Cas, _paths.CasExecutable })
        {
            foreach (var file in new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories))
            {
                if (StorePaths.IsTemp(file.Name)) SweepTemp(file);
                else blobs.Add(file);
            }
        }
        var before = blobs.Sum(b => b.Length);
        var size = before;
        var evicted = 0;
        foreach (var blob in blobs.OrderBy(b => b.LastAccessTimeUtc).ThenBy(b => b.Name, StringComparer.Ordinal))
        {
            if (size <= maxSizeBytes) break;
            if (!TryDelete(blob.FullName)) continue;
            size -= blob.Length;
            evicted++;
        }
        _directories.Clear();

        var entriesRemoved = evicted == 0 ? 0 : RemoveDanglingActionEntries();
        return new GcReport(before, size, evicted, entriesRemoved, tempRemoved, sandboxesRemoved);
    }

    private int RemoveDanglingActionEntries()
    {
        var removed = 0;
        foreach (var entry in new DirectoryInfo(_paths.ActionCache).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            if (!StorePaths.IsTemp(entry.Name) && IsDangling(entry.FullName) && TryDelete(entry.FullName)) removed++;
        }
        return removed;
    }

    private bool IsDangling(string entryPath)
    {
        string text;
        try { text = File.ReadAllText(entryPath).Trim(); }
        catch (IOException) { return false; }
        if (!Core.Digest.TryParse(text, out var digest)) return true;
        var bytes = TryReadBytes(digest);
        if (bytes is null) return true;
        try { return FirstMissingBlob(ActionResult.Parser.ParseFrom(bytes)) is not null; }
        catch (InvalidProtocolBufferException) { return true; }
    }

    private static bool TryDelete(string path)
    {
        try { File.Delete(path); return true; }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// Removes everything the store holds, with every fact remembered about it (marks, the engine's traces, the
    /// gc generation): nothing may claim a blob is present once it is gone.
    public void Clear()
    {
        foreach (var dir in new[] { Path.Combine(Root, "traces"), _paths.Marks, _paths.Cas, _paths.CasExecutable, _paths.ActionCache, _paths.Temp, _paths.Sandboxes })
        {
            if (System.IO.Directory.Exists(dir)) System.IO.Directory.Delete(dir, recursive: true);
        }
        if (File.Exists(GenerationFile)) File.Delete(GenerationFile);
        _directories.Clear();
        _paths.EnsureCreated();
    }
}
