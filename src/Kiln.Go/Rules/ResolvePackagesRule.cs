using Kiln.Core;
using Kiln.Engine;
using Kiln.Go.Packages;

namespace Kiln.Go.Rules;

/// Lists a package graph with the session's loader, then records what the listing depended on in the
/// workspace: the Go files a `./...` walk finds (a new package or file changes them), every file of each
/// workspace package's directory and its embedded files, and each module's go.mod and go.work.
/// Third-party modules and std are identified by the build settings (go.sum's stored trees, the SDK).
/// A file that changed after the listing began may have been read before the change: then the graph is not
/// traced, and the next run lists again.
internal sealed class ResolvePackagesRule(GoRuleServices services) : IPersistentRule<ResolvePackages, LoadedGraph>
{
    public string Kind => "go.graph/v4";
    public string EncodeKey(ResolvePackages key) => key.Encode();
    public ResolvePackages DecodeKey(string text) => ResolvePackages.Decode(text);

    public void WriteValue(TraceWriter writer, LoadedGraph value)
    {
        writer.Strings(value.Matched).Int(value.All.Count);
        foreach (var p in value.All)
        {
            GoPackageCodec.Write(writer, p.Package);
            GoPackageCodec.Write(writer, p.Source);
        }
    }

    public LoadedGraph ReadValue(TraceReader reader)
    {
        var matched = reader.Strings();
        var all = new List<LoadedPackage>();
        for (long i = 0, n = reader.Int(); i < n; i++) all.Add(new LoadedPackage(GoPackageCodec.Read(reader), GoPackageCodec.ReadSource(reader)));
        return new LoadedGraph(new EquatableArray<string>(matched), new EquatableArray<LoadedPackage>(all));
    }

    public async ValueTask<LoadedGraph> ComputeAsync(ResolvePackages key, IRuleContext ctx, CancellationToken ct)
    {
        await ctx.GetAsync(new BuildSettings(), ct);
        var loader = services.Loader;
        var readFrom = services.FileClockNs();
        var (matched, all) = await loader.ListMatchedAsync(services.Roots,
            new ListRequest(key.WorkingDirectory, key.Patterns, Deps: key.Deps, Tests: key.Tests) { KeepErrors = key.KeepErrors },
            new EngineAnalysisMemo(ctx), ct);
        var loaded = all.Select(p => new LoadedPackage(p, loader.SourceOf(p))).ToList();

        var files = new SortedSet<string>(StringComparer.Ordinal);
        var embedDirs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var root in services.Roots) files.Add(Path.Combine(root.Dir, "go.mod"));
        files.Add(Path.Combine(services.WorkspaceRoot, "go.work"));
        await ctx.GetAsync(new PackageTree(services.WorkspaceRoot), ct);
        foreach (var (p, source) in loaded)
        {
            if (p.Standard || source.DiskDir is not { } dir) continue;
            foreach (var embedded in p.EmbedFiles.Concat(p.TestEmbedFiles).Concat(p.XTestEmbedFiles))
            {
                var full = Path.Combine(dir, embedded);
                files.Add(full);
                for (var parent = Path.GetDirectoryName(full); parent is not null && parent.Length > dir.Length; parent = Path.GetDirectoryName(parent))
                    embedDirs.Add(parent);
            }
        }
        var packageDirs = loaded.Where(l => !l.Package.Standard && l.Source.DiskDir is not null).Select(l => l.Source.DiskDir!)
            .Distinct(StringComparer.Ordinal).ToList();
        var keys = packageDirs.Select(d => new SourceDir(d, GoOnly: false)).ToList();
        var firstEmbedDir = keys.Count;
        keys.AddRange(embedDirs.Select(d => new SourceDir(d, GoOnly: false)));
        var listings = await ctx.GetAllAsync<SourceDir, SourceDirState>(keys, ct);
        for (var i = 0; i < firstEmbedDir; i++)
        {
            foreach (var entry in listings[i].Entries.Where(e => e.StartsWith("f ", StringComparison.Ordinal)))
                files.Add(Path.Combine(keys[i].Path, entry[2..]));
        }
        var states = await ctx.GetAllAsync<SourceFile, SourceFileState>(files.Select(f => new SourceFile(f)), ct);
        if (states.Any(s => GoRuleServices.ChangedSince(s.Stamp, readFrom)) || listings.Any(l => GoRuleServices.ChangedSince(l.Stamp, readFrom)))
            ctx.DoNotPersist();
        return new LoadedGraph(new EquatableArray<string>(matched), new EquatableArray<LoadedPackage>(loaded));
    }
}
