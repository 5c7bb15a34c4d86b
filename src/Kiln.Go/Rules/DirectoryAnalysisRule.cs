using System.Text.Json;
using Kiln.Engine;
using Kiln.Go.Packages;

namespace Kiln.Go.Rules;

/// A package directory's analysis input and cached `go list` result. A workspace directory depends on its
/// listing and files (an edit elsewhere leaves it verified; an edit below a file's imports changes nothing the
/// analysis reads, so its result is found again); a stored module's directory is named by content and depends on
/// nothing. No cached result yet: the value says so and is not traced, and the loader analyses the misses of a
/// wave together (the next run finds them cached).
internal sealed class DirectoryAnalysisRule(GoRuleServices services) : IPersistentRule<DirectoryAnalysis, AnalysedDirectory>
{
    public string Kind => "go.analysis/v1";
    public string EncodeKey(DirectoryAnalysis key) => key.Encode();
    public DirectoryAnalysis DecodeKey(string text) => DirectoryAnalysis.Decode(text);

    public void WriteValue(TraceWriter writer, AnalysedDirectory value)
    {
        writer.Digest(value.Files).String(value.Prefix).Bool(value.Package is not null);
        if (value.Package is { } p) writer.Bytes(JsonSerializer.SerializeToUtf8Bytes(p, GoJson.Default.GoListPackage));
    }

    public AnalysedDirectory ReadValue(TraceReader reader)
    {
        var files = reader.Digest();
        var prefix = reader.String();
        var package = reader.Bool()
            ? JsonSerializer.Deserialize(reader.Memory().Span, GoJson.Default.GoListPackage) ?? throw new InvalidDataException("null package in trace")
            : null;
        return new AnalysedDirectory(files, package, prefix);
    }

    public async ValueTask<AnalysedDirectory> ComputeAsync(DirectoryAnalysis key, IRuleContext ctx, CancellationToken ct)
    {
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
        var found = await services.Loader.LookUpAsync(key.InWorkspace ? key.Dir : null, key.Tree, key.RelDir, label, ct);
        if (found.Package is null) ctx.DoNotPersist();
        return found;
    }
}
