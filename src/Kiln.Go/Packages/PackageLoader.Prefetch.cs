using Kiln.Store;

namespace Kiln.Go.Packages;

/// Reading ahead of the walk. The walk analyses a wave of directories at a time, because what a package imports
/// is known only once it is analysed: a cold listing of a deep graph is one go command after another. Before the
/// walk, the packages the matched ones may import are found, transitively, by reading the import lines of their
/// files (<see cref="GoFileHeader.Imports"/>: every non-test file whose name suits the target, whatever its build
/// constraints, so a superset), and analysed through the memo at once, in one batch. The walk then finds its waves
/// analysed. A wrong guess costs an analysis, never a result: what is listed is still what go list reports.
public sealed partial class PackageLoader
{
    /// How much of a file is read for its imports: the header of almost every file; a longer one is read whole.
    private const int HeaderGuess = 16 << 10;

    private async Task PrefetchImportsAsync(List<(ModuleContext? Context, GoPackage Package)> matched, ListRequest request, IAnalysisMemo memo,
        CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<(ModuleContext Context, string ImportPath)>();
        foreach (var (ctx, p) in matched)
        {
            seen.Add(p.ImportPath);
            if (ctx is null || p.Standard) continue;
            foreach (var path in EdgesOf(p, request.Tests)) queue.Enqueue((ctx, path));
        }
        var locations = new List<PackageLocation>();
        while (queue.TryDequeue(out var item))
        {
            var (ctx, path) = item;
            if (path == "C" || !seen.Add(path) || ctx.Resolve(path) is not { IsStd: false } location) continue;
            IEnumerable<string>? imports = _loaded.TryGetValue(KeyOf(location), out var known) ? known.Imports : GuessImports(location);
            if (imports is null) continue; // no such directory: the walk reports it
            if (known is null) locations.Add(location);
            foreach (var i in imports) queue.Enqueue((ctx, i));
        }
        if (locations.Count == 0) return;
        try { await memo.GetAsync(locations, ct); }
        catch (Exception e) when (e is not OperationCanceledException) { } // the walk meets it again, if it is real, and reports it
    }

    /// The imports of a package directory's non-test Go files for this configuration's GOOS and GOARCH, or null when
    /// the directory does not exist.
    private IEnumerable<string>? GuessImports(PackageLocation location)
    {
        var imports = new List<string>();
        if (location.DiskDir is { } dir)
        {
            if (!Directory.Exists(dir)) return null;
            foreach (var file in Directory.EnumerateFiles(dir, "*.go"))
            {
                if (Guessed(Path.GetFileName(file))) imports.AddRange(ImportsOf(file));
            }
            return imports;
        }
        if (location.ThirdParty!.DirectoryAt(store, location.RelDir) is not { } files) return null;
        foreach (var f in files.Files)
        {
            if (Guessed(f.Name) && store.TryGetBlobFile(LocalStore.FromProto(f.Digest), BlobMode.Plain) is { } blob) imports.AddRange(ImportsOf(blob));
        }
        return imports;
    }

    private bool Guessed(string name) => name.EndsWith(".go", StringComparison.Ordinal) && !name.EndsWith("_test.go", StringComparison.Ordinal)
        && name[0] is not ('.' or '_') && GoFileName.SuitsTarget(name, config.GoOs, config.GoArch);

    private static List<string> ImportsOf(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            var length = RandomAccess.GetLength(handle);
            var buffer = new byte[Math.Min(length, HeaderGuess)];
            var read = RandomAccess.Read(handle, buffer, 0);
            var header = buffer.AsSpan(0, read);
            if (read < length && GoFileHeader.Length(header) >= read)
            {
                buffer = new byte[length]; // the imports run past the guess
                header = buffer.AsSpan(0, RandomAccess.Read(handle, buffer, 0));
            }
            return GoFileHeader.Imports(header);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
