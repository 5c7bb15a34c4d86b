using System.Text.Json;
using Kiln.Engine;
using Kiln.Go.Packages;

namespace Kiln.Go.Rules;

/// A package directory's analysis input and `go list` result. A workspace directory depends on its listing and
/// files (an edit elsewhere leaves it verified; an edit below a file's imports changes nothing the analysis reads,
/// so its result is found again and dependents are cut off); a stored module's directory is named by content. Both
/// depend on the build settings: the traces are per workspace, and another configuration analyses another way.
/// Misses of the cache are analysed in batches (<see cref="AnalysisBatcher"/>).
internal sealed class DirectoryAnalysisRule(GoRuleServices services) : IPersistentRule<DirectoryAnalysis, AnalysedDirectory>
{
    public string Kind => "go.analysis/v3";
    public string EncodeKey(DirectoryAnalysis key) => key.Encode();
    public DirectoryAnalysis DecodeKey(string text) => DirectoryAnalysis.Decode(text);

    public void WriteValue(TraceWriter writer, AnalysedDirectory value)
    {
        writer.Digest(value.Files).String(value.Prefix).Bytes(JsonSerializer.SerializeToUtf8Bytes(value.Package, GoJson.Default.GoListPackage));
    }

    public AnalysedDirectory ReadValue(TraceReader reader)
    {
        var files = reader.Digest();
        var prefix = reader.String();
        var package = JsonSerializer.Deserialize(reader.Memory().Span, GoJson.Default.GoListPackage)
            ?? throw new InvalidDataException("null package in trace");
        return new AnalysedDirectory(files, package, prefix);
    }

    public async ValueTask<AnalysedDirectory> ComputeAsync(DirectoryAnalysis key, IRuleContext ctx, CancellationToken ct)
    {
        await ctx.GetAsync(new BuildSettings(), ct); // the SDK and configuration (tags, GOOS, cgo) the analysis runs with
        if (key.InWorkspace)
        {
            var listing = await ctx.GetAsync<SourceDir, SourceDirState>(new SourceDir(key.Dir, GoOnly: false), ct);
            await ctx.GetAllAsync<SourceFile, SourceFileState>(listing.Entries.Where(e => e.StartsWith("f ", StringComparison.Ordinal)
                || e.StartsWith("l ", StringComparison.Ordinal)).Select(e => new SourceFile(Path.Combine(key.Dir, e[2..]))), ct);
        }
        else
        {
            await ctx.GetAsync(new StoreGeneration(), ct); // the module tree is read from the store
        }
        var label = key.InWorkspace ? services.Loader.LabelOfDirectory(key.Dir) : key.ToString();
        return await services.Loader.AnalyseDirectoryAsync(key.InWorkspace ? key.Dir : null, key.Tree, key.RelDir, label, ct);
    }
}
