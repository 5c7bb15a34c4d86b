using System.Text.Json;
using Kiln.Core;

namespace Kiln.Cli;

/// The `--summary-json` document. Fields are documented in docs/summary-json.md; add, never rename.
internal static class RunSummary
{
    public const int SchemaVersion = 1;

    public static void Write(string path, string command, int exitCode, TimeSpan wall, RunStats stats)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("schema", SchemaVersion);
            w.WriteString("command", command);
            w.WriteNumber("exit_code", exitCode);
            w.WriteNumber("wall_time_ms", (long)wall.TotalMilliseconds);
            w.WriteStartObject("actions");
            w.WriteNumber("total", stats.ActionsTotal);
            w.WriteNumber("executed", stats.ActionsExecuted);
            w.WriteNumber("local_cache_hits", stats.LocalCacheHits);
            w.WriteNumber("remote_cache_hits", stats.RemoteCacheHits);
            w.WriteEndObject();
            var (sandboxes, p50, p99, max) = stats.MaterializedPerAction();
            w.WriteStartObject("per_action");
            w.WriteNumber("sandboxes", sandboxes);
            w.WriteNumber("bytes_materialized_p50", p50);
            w.WriteNumber("bytes_materialized_p99", p99);
            w.WriteNumber("bytes_materialized_max", max);
            w.WriteEndObject();
            w.WriteStartObject("bytes");
            w.WriteNumber("materialized_by_link", stats.BytesMaterializedByLink);
            w.WriteNumber("materialized_by_copy", stats.BytesMaterializedByCopy);
            w.WriteNumber("downloaded", stats.BytesDownloaded);
            w.WriteEndObject();
            w.WriteStartObject("files");
            w.WriteNumber("materialized_by_link", stats.FilesMaterializedByLink);
            w.WriteNumber("materialized_by_copy", stats.FilesMaterializedByCopy);
            w.WriteEndObject();
            w.WriteStartObject("modules");
            w.WriteNumber("fetched", stats.ModulesFetchedCount);
            w.WriteNumber("reused", stats.ModulesReusedCount);
            w.WriteNumber("bytes_fetched", stats.BytesDownloaded);
            w.WriteEndObject();
            w.WriteStartObject("analysis");
            w.WriteNumber("packages_analysed", stats.PackagesAnalysed);
            w.WriteNumber("packages_cached", stats.PackagesCached);
            w.WriteNumber("modules_touched", stats.ModulesTouched);
            w.WriteNumber("bytes_materialized", stats.BytesMaterializedForAnalysis);
            w.WriteEndObject();
            w.WriteStartObject("remote");
            w.WriteNumber("hits", stats.RemoteHits);
            w.WriteNumber("misses", stats.RemoteMisses);
            w.WriteNumber("errors", stats.RemoteErrors);
            w.WriteNumber("bytes_up", stats.RemoteBytesUploaded);
            w.WriteNumber("bytes_down", stats.RemoteBytesDownloaded);
            w.WriteEndObject();
            w.WriteStartObject("build");
            w.WriteNumber("compiles_executed", stats.CompilesExecuted);
            w.WriteNumber("compiles_cached", stats.CompilesCached);
            w.WriteNumber("links_executed", stats.LinksExecuted);
            w.WriteNumber("links_cached", stats.LinksCached);
            w.WriteEndObject();
            w.WriteStartObject("tests");
            w.WriteNumber("run", stats.TestsRun);
            w.WriteNumber("cached", stats.TestsCached);
            w.WriteNumber("passed", stats.TestsPassed);
            w.WriteNumber("failed", stats.TestsFailed);
            w.WriteEndObject();
            w.WriteStartObject("store");
            w.WriteNumber("corrupt_entries_evicted", stats.CorruptEntriesEvicted);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllBytes(path, stream.ToArray());
    }
}
