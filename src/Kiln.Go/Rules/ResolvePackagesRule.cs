using Kiln.Core;
using Kiln.Engine;
using Kiln.Go.Packages;

namespace Kiln.Go.Rules;

/// Lists a package graph with the session's loader, then records what the listing depended on in the
/// workspace: the Go files a `./...` walk finds (a new package or file changes them), each package directory's
/// analysis (a node of its own, on the directory's files: an edit below a file's imports leaves it, and so the
/// graph, as it was), each package's embedded files, and each module's go.mod and go.work.
/// Third-party modules and std are identified by the build settings (go.sum's stored trees, the SDK).
/// A file that changed after the listing began may have been read before the change: then the graph is not
/// traced, and the next run lists again.
internal sealed class ResolvePackagesRule(GoRuleServices services) : IPersistentRule<ResolvePackages, LoadedGraph>
{
    public string Kind => "go.graph/v6";
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
        if (key.Gcflags.Count + key.Asmflags.Count > 0) loaded = WithToolFlags(key, matched, loaded);

        var files = new SortedSet<string>(StringComparer.Ordinal);
        var embedDirs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var root in services.Roots)
        {
            files.Add(Path.Combine(root.Dir, "go.mod"));
            if (root.Vendor is { } vendor) files.Add(Path.Combine(vendor.List.Dir, "modules.txt"));
        }
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
        // A package directory's own files are read by its analysis (a dependency already); embedded subtrees are not.
        var listings = await ctx.GetAllAsync<SourceDir, SourceDirState>(embedDirs.Select(d => new SourceDir(d, GoOnly: false)), ct);
        var states = await ctx.GetAllAsync<SourceFile, SourceFileState>(files.Select(f => new SourceFile(f)), ct);
        if (states.Any(s => GoRuleServices.ChangedSince(s.Stamp, readFrom)) || listings.Any(l => GoRuleServices.ChangedSince(l.Stamp, readFrom)))
            ctx.DoNotPersist();
        return new LoadedGraph(new EquatableArray<string>(matched), new EquatableArray<LoadedPackage>(loaded));
    }

    /// Each package with its -gcflags and -asmflags.
    private static List<LoadedPackage> WithToolFlags(ResolvePackages key, IReadOnlyCollection<string> matched, List<LoadedPackage> loaded)
    {
        var commandLine = matched.ToHashSet(StringComparer.Ordinal);
        return [.. loaded.Select(l => l with
        {
            Package = Build.PerPackageFlag.Apply(l.Package, key.GcFlag, key.AsmFlag, l.Source.DiskDir, commandLine.Contains(l.Package.ImportPath), key.WorkingDirectory),
        })];
    }
}
