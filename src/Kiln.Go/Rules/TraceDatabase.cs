using System.Text;
using Kiln.Engine;
using Kiln.Store;

namespace Kiln.Go.Rules;

/// The engine's traces of one workspace in one store, at `traces/HASH` (of the workspace path). Written whole
/// to a unique temp file and renamed into place, so a crash leaves the old file or the new one, and concurrent
/// Kiln processes each leave a complete file (the last rename wins; every file is a true record of one run).
/// A damaged file or one from another Kiln is discarded with one line of notice and rebuilt.
public sealed class TraceDatabase(LocalStore store, string workspaceRoot)
{
    /// The trace format and Kiln's version: traces of another version are never read.
    public static readonly string Version = "kiln-traces/4 " + typeof(TraceDatabase).Assembly.GetName().Version;

    public string Path { get; } = System.IO.Path.Combine(store.Root, "traces",
        Convert.ToHexStringLower(Core.Sha256.HashData(Encoding.UTF8.GetBytes(workspaceRoot)))[..32]);

    /// The traces of the last run here; empty when there are none, or when they were unusable (`notice` says why).
    public TraceSet Load(Action<string> notice)
    {
        ReadOnlyMemory<byte> bytes;
        try { bytes = MappedFile.Read(Path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return new TraceSet(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            notice($"cannot read the trace database {Path} ({e.Message}); building without it");
            return new TraceSet();
        }
        if (TraceSet.Deserialize(bytes, Version, out var problem) is { } set) return set;
        notice($"trace database {Path} discarded: {problem}; it is rebuilt by this run");
        return new TraceSet();
    }

    public void Save(TraceSet traces)
    {
        var dir = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(dir);
        var temp = store.NewTempFile();
        try
        {
            using (var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                traces.WriteTo(f, Version); // no fsync: a torn file after a power loss fails its checksum
            }
            File.Move(temp, Path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// What `kiln why` prints: why each action of the last run here re-ran, one line each.
    public string WhyPath => Path + ".why";

    public void SaveWhy(IEnumerable<string> lines)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(WhyPath)!);
        var temp = store.NewTempFile();
        try
        {
            File.WriteAllLines(temp, lines);
            File.Move(temp, WhyPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// The last run's explanations, or null when no run here recorded any.
    public IReadOnlyList<string>? LoadWhy()
    {
        try { return File.ReadAllLines(WhyPath); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
    }
}
