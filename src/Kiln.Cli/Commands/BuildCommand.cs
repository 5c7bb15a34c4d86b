using System.CommandLine;
using Kiln.Core;
using Kiln.Engine;
using Kiln.Go.Build;
using Kiln.Go.Packages;
using Kiln.Go.Rules;
using Kiln.Store;

namespace Kiln.Cli.Commands;

/// `kiln build [patterns] [-o PATH]`: compiles every matched package and its dependencies, links each main
/// package to dist/PKGDIR/NAME (or -o), as go build does but as cached, sandboxed actions.
internal static class BuildCommand
{
    public static Command Create(KilnApp app)
    {
        var patterns = new Argument<string[]>("patterns") { Description = "./..., ./dir/..., ./dir, import paths (default: .)", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string?>("-o") { Description = "write the binary here (a directory if it ends in / or exists)" };
        var ldflags = new Option<string[]>("--ldflags", "-ldflags")
        {
            Description = "linker flags, as go build takes them: '[pattern=]flags' (-s -w -X importpath.name=value -extldflags ...), repeatable, the last match wins (default: the packages named; GOFLAGS' first)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var explain = new Option<bool>("--explain") { Description = "print why each action re-ran (as `kiln why` does afterwards)" };
        var keepGoing = new Option<bool>("--keep-going", "-k") { Description = "after a failure, build everything that does not depend on it; report every failure" };
        var go = new GoOptions();
        var cmd = new Command("build", "compile packages and link binaries, as go build does")
        {
            patterns, output, ldflags, keepGoing, explain,
        };
        go.AddTo(cmd, toolFlags: true);
        KilnApp.Profiled(cmd);
        cmd.SetAction(app.Body("build", async (parsed, inv, ct) =>
        {
            var session = await GoSession.OpenAsync(parsed, go, inv, defaultCgo: null, ct);
            var requested = parsed.GetValue(patterns) is { Length: > 0 } p ? p : ["."];
            var result = await BuildAllAsync(session, inv, requested, LinkFlags.From(parsed.GetValue(ldflags), GoFlagsVariable.From(inv.Host.Variables)), parsed.GetValue(keepGoing), ct,
                parsed.GetValue(explain));
            var binaries = result.Binaries;
            var o = parsed.GetValue(output);
            if (o is not null && binaries.Count > 1 && !IsDirectory(inv.ResolvePath(o), o))
                throw BuildErrors.OutputForManyBinaries(o, binaries.Count);
            foreach (var b in binaries)
            {
                var dest = o is null ? Path.Combine(session.Root, "dist", b.PackageDir, b.FileName)
                    : IsDirectory(inv.ResolvePath(o), o) ? Path.Combine(inv.ResolvePath(o), b.FileName) : inv.ResolvePath(o);
                WriteBinary(inv, b, dest);
                inv.Out.WriteLine(Path.GetRelativePath(inv.Host.CurrentDirectory, dest));
            }
            inv.Err.WriteLine($"built: {inv.Stats.CompilesExecuted} packages compiled, {inv.Stats.CompilesCached} cached; {inv.Stats.LinksExecuted} binaries linked, {inv.Stats.LinksCached} cached"
                + (result.Failures.Count > 0 ? $"; {result.Failures.Count} failed" : ""));
            return result.Failures.Count > 0 ? throw BuildErrors.Failed(result.Failures) : ExitCodes.Success;
        }));
        return cmd;
    }

    /// Lists the matches and their dependencies, then compiles and links them; throws every failure.
    public static async Task<IReadOnlyList<BuiltBinary>> BuildAsync(GoSession session, Invocation inv, IReadOnlyList<string> patterns,
        PerPackageFlag linkFlags, CancellationToken ct)
    {
        var result = await BuildAllAsync(session, inv, patterns, linkFlags, keepGoing: false, ct);
        return result.Failures.Count > 0 ? throw BuildErrors.Failed(result.Failures) : result.Binaries;
    }

    /// Whether a pattern without a wildcard names p: its import path, or its directory (`.`, `./x`, `../x`, `/abs`).
    private static bool NamedLiterally(GoPackage p, string? dir, IReadOnlyList<string> patterns, string cwd) =>
        patterns.Any(pattern => !pattern.Contains("...", StringComparison.Ordinal) && pattern is not ("all" or "std" or "cmd")
            && (pattern == p.ImportPath || (dir is not null && (pattern.StartsWith('.') || pattern.StartsWith('/'))
                && Path.GetFullPath(pattern, cwd).TrimEnd('/') == Path.GetFullPath(dir).TrimEnd('/'))));

    /// BuildAsync that returns the failures with the binaries that linked (with `keepGoing`, all that could).
    /// Runs on the engine with the workspace's traces: what did not change since the last run is reused
    /// without being computed, looked up or hashed again.
    public static async Task<BuildResult> BuildAllAsync(GoSession session, Invocation inv, IReadOnlyList<string> patterns,
        PerPackageFlag linkFlags, bool keepGoing, CancellationToken ct, bool explain = false)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = GoEngineRun.Open(session, inv, keepGoing ? null : stop);
        if (explain) run.ExplainAsActionsStart(inv);
        var engine = run.Engine;
        var key = session.Graph(inv.Host.CurrentDirectory, patterns, tests: false);
        var graph = await run.ResolveAsync(key, ct);
        // go build's omitTestOnly: a package without non-test Go files that only a wildcard matched is left out.
        var matched = graph.Matched.Select(ip => graph.Find(ip)!)
            .Where(l => l.Package.GoFiles.Count + l.Package.CgoFiles.Count > 0 || l.Package.Error is not null
                || NamedLiterally(l.Package, l.Source.DiskDir, patterns, inv.Host.CurrentDirectory))
            .Select(l => l.Package).ToList();
        inv.Observer.On(new Core.WorkPlanned("build", graph.All.Count(p => p.Package.ImportPath != "unsafe") + matched.Count(p => p.Name == "main")));

        var compiles = matched.Select(p => engine.GetAsync(new CompilePackage(p.ImportPath, key), stop.Token).AsTask()).ToList();
        await ((Task)Task.WhenAll(compiles)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var links = matched.Where(p => p.Name == "main")
            .Select(p => engine.GetAsync(new LinkBinary(p.ImportPath, key,
                linkFlags.For(p, graph.Find(p.ImportPath)!.Source.DiskDir, commandLine: true, inv.Host.CurrentDirectory)), stop.Token).AsTask()).ToList();
        await ((Task)Task.WhenAll(links)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        ct.ThrowIfCancellationRequested();
        run.Save();
        CountReused(engine, inv.Stats);

        // Without --keep-going the first failure cancels every wait, so the failures come from the engine.
        var faults = compiles.Concat<Task>(links).Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions)
            .Concat(engine.Failures()).ToList();
        if (faults.FirstOrDefault(e => e is not (KilnException or OperationCanceledException)) is { } bug)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(bug);
        var binaries = new List<BuiltBinary>();
        foreach (var link in links.Where(l => l.IsCompletedSuccessfully)) binaries.Add(await link);
        var failures = faults.OfType<KilnException>()
            .DistinctBy(e => e.Message + "\n" + string.Join("\n", e.Details.Select(d => d.Label + ": " + d.Value)))
            .OrderBy(e => e.Message, StringComparer.Ordinal).ToList();
        return new BuildResult(binaries, failures);
    }

    /// Compiles and links reused from traces count as cached, as an action-cache hit would.
    private static void CountReused(BuildEngine engine, RunStats stats)
    {
        foreach (var (key, reused) in engine.Nodes())
        {
            if (!reused) continue;
            if (key is CompilePackage) stats.GoCompiled(executed: false);
            else if (key is LinkBinary) stats.GoLinked(executed: false);
        }
    }

    /// Writes the binary unless dest already holds exactly it (a no-op build rewrites nothing).
    /// A destination whose stamp is the one recorded with a binary holds that binary: it is not even hashed.
    public static void WriteBinary(Invocation inv, BuiltBinary b, string dest)
    {
        var mark = Core.Digest.Of(System.Text.Encoding.UTF8.GetBytes(dest));
        var held = FileStamp.Of(dest) is { } stamp && inv.Store.TryReadMark(DistMark, mark) is { } recorded ? RecordedBinary(recorded, stamp) : null;
        if (held == b.Binary) return;
        if (held is null && HoldsBlob(dest, b.Binary))
        {
            RecordDistStamp(inv, dest, b.Binary, mark);
            return;
        }
        var blob = inv.Store.TryGetBlobFile(b.Binary, Store.BlobMode.Plain) ?? throw Store.StoreErrors.MissingBlob(b.Binary, "binary of " + b.ImportPath);
        Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
        AtomicFile.Copy(blob, dest, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    private const string DistMark = "dist-stamp";

    private static string StampText(FileStamp stamp) => stamp.Text + " ";

    /// The binary a dist stamp mark names, when the stamp it records is `stamp` (null: another stamp, or unreadable).
    private static Core.Digest? RecordedBinary(byte[] recorded, FileStamp stamp)
    {
        var text = System.Text.Encoding.UTF8.GetString(recorded);
        var prefix = StampText(stamp);
        return text.StartsWith(prefix, StringComparison.Ordinal) && Core.Digest.TryParse(text[prefix.Length..], out var digest) ? digest : null;
    }

    /// Remembers the stamp of a destination just verified to hold the binary, unless it changed too recently to
    /// be trusted (a later write within the clock's granularity could leave the stamp equal).
    private static void RecordDistStamp(Invocation inv, string dest, Core.Digest binary, Core.Digest mark)
    {
        if (FileStamp.Of(dest) is not { IsExecutable: true } stamp || stamp.IsRacy(inv.Time.GetUtcNow(), TimeSpan.FromSeconds(2))) return;
        inv.Store.PutMark(DistMark, mark, System.Text.Encoding.UTF8.GetBytes(StampText(stamp) + binary));
    }

    private static bool HoldsBlob(string path, Core.Digest digest)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length != digest.SizeBytes || (info.UnixFileMode & UnixFileMode.UserExecute) == 0) return false;
            using var f = info.OpenRead();
            return Core.Digest.OfStream(f) == digest;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    private static bool IsDirectory(string full, string given) => given.EndsWith('/') || Directory.Exists(full);
}
