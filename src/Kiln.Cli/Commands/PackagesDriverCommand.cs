using System.CommandLine;
using System.Text.Json;
using Kiln.Core;
using Kiln.Go.Build;
using Kiln.Go.Driver;
using Kiln.Go.Rules;
using Kiln.Store;

namespace Kiln.Cli.Commands;

/// `kiln packages-driver [queries]`: a GOPACKAGESDRIVER for go/packages (gopls, gopackages, linters). The request
/// (mode, env, build flags, tests, overlay) is read from stdin; the packages Kiln's analysis lists, with the export
/// data Kiln compiled when the mode needs it, are printed as one JSON driver response.
internal static class PackagesDriverCommand
{
    public const string Name = "packages-driver";

    /// The executable names go/packages finds on its own (`gopackagesdriver` on PATH) or an editor is pointed at:
    /// a link to kiln under one of them runs this command.
    public static readonly string[] DriverNames = ["gopackagesdriver", "kiln-packages-driver"];

    /// The name kiln was started under: argv[0] as the kernel received it (/proc/self/cmdline), since
    /// Environment.ProcessPath resolves a symbolic link to kiln itself and .NET's apphost hands managed code the
    /// path of kiln.dll.
    public static string InvokedAs()
    {
        try
        {
            var cmdline = File.ReadAllBytes("/proc/self/cmdline");
            var end = Array.IndexOf(cmdline, (byte)0);
            return System.Text.Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end);
        }
        catch (IOException) { return Environment.GetCommandLineArgs()[0]; }
        catch (UnauthorizedAccessException) { return Environment.GetCommandLineArgs()[0]; }
    }

    public static Command Create(KilnApp app)
    {
        var words = new Argument<string[]>("queries") { Description = "patterns as go list takes them, file=PATH and pattern=P queries (go/packages writes them)", Arity = ArgumentArity.ZeroOrMore };
        var go = new GoOptions();
        var cmd = new Command(Name, "answer go/packages (gopls, gopackages, linters) as its GOPACKAGESDRIVER: the request on stdin, the packages as JSON on stdout")
        {
            words,
        };
        go.AddTo(cmd);
        cmd.SetAction(app.Body(Name, async (parsed, inv, ct) =>
        {
            var request = ReadRequest(app.StandardInput());
            var query = DriverQuery.Parse(parsed.GetValue(words) ?? []);
            var cwd = inv.Host.CurrentDirectory;
            var overlay = Overlay(request, cwd);
            var session = await GoSession.OpenAsync(parsed, go, inv, defaultCgo: null, ct, TagsOf(request.BuildFlags ?? []));
            session.Loader.Overlay = overlay;
            var run = GoEngineRun.Open(session, inv, traced: overlay.Count == 0);
            var response = await AnswerAsync(run, session, inv, request, query, overlay, ct);
            run.Save(recordWhy: false);
            inv.Out.Write(JsonSerializer.Serialize(response, DriverJson.Default.DriverResponse));
            inv.Out.Flush();
            return ExitCodes.Success;
        }));
        return cmd;
    }

    private static async Task<DriverResponse> AnswerAsync(GoEngineRun run, GoSession session, Invocation inv, DriverRequest request, DriverQuery query,
        IReadOnlyDictionary<string, byte[]> overlay, CancellationToken ct)
    {
        var cwd = inv.Host.CurrentDirectory;
        var sources = new DriverSources(inv.Store, session.Root, cwd, overlay, new DriverCgo(Path.Combine(inv.Store.Root, "gopackages", "cgo"), session.Sdk, session.Config));
        var roots = new List<string>();
        var packages = new Dictionary<string, DriverPackage>(StringComparer.Ordinal);
        var graphOf = new Dictionary<string, ResolvePackages>(StringComparer.Ordinal);
        var compiled = (request.Mode & (LoadMode.NeedCompiledGoFiles | LoadMode.NeedSyntax | LoadMode.NeedTypes | LoadMode.NeedTypesInfo | LoadMode.NeedTypesSizes)) != 0;

        async Task AddAsync(IReadOnlyList<string> patterns, Func<DriverPackage, bool> isRoot)
        {
            var key = new ResolvePackages(cwd, new EquatableArray<string>(patterns), Tests: request.Tests, Deps: true, KeepErrors: true);
            LoadedGraph graph;
            try
            {
                graph = await run.ResolveAsync(key, ct);
            }
            catch (KilnException e) when (e.Kind == ErrorKind.User && patterns.Count > 1)
            {
                // one pattern's failure must not hide the others' packages: each on its own
                foreach (var pattern in patterns) await AddAsync([pattern], isRoot);
                return;
            }
            catch (KilnException e) when (e.Kind == ErrorKind.User)
            {
                // go list -e: a pattern that matches no package is a package named by the pattern, with the error
                var failed = DriverPackages.PatternError(patterns[0], e.Message, e.Details);
                if (packages.TryAdd(failed.Id, failed)) roots.Add(failed.Id);
                return;
            }
            var matched = graph.Matched;
            // The test main's imports, and what cgo's output imports, are in the answer as dependencies, never as roots.
            var extra = new List<string>();
            if (request.Tests) extra.AddRange(DriverPackages.TestMainDeps);
            if (compiled && graph.All.Any(p => p.Package.CgoFiles.Count > 0)) extra.AddRange(["runtime/cgo", "syscall", "unsafe"]);
            if (request.WantsDeps && extra.Any(e => graph.Find(e) is null))
            {
                key = key with { Patterns = new EquatableArray<string>([.. patterns, .. extra.Distinct(StringComparer.Ordinal)]) };
                graph = await run.ResolveAsync(key, ct);
            }
            var found = new List<string>();
            foreach (var p in DriverPackages.Assemble(graph, matched, request.Tests, request.WantsDeps, compiled, sources, found))
            {
                if (packages.TryAdd(p.Id, p)) graphOf[p.Id] = key;
            }
            roots.AddRange(found.Where(id => isRoot(packages[id])));
        }

        // `builtin` (gopls asks for it) is a documentation package outside `go list std`: listed from GOROOT as go lists it.
        var patterns = query.Patterns.Where(p => p != "builtin").ToList();
        if (patterns.Count < query.Patterns.Count)
        {
            var builtin = BuiltinPackage(session.Sdk.GoRoot);
            packages[builtin.Id] = builtin;
            roots.Add(builtin.Id);
        }
        if (patterns.Count > 0 || query.Files.Count == 0 && query.Patterns.Count == 0)
            await AddAsync(patterns.Count > 0 ? patterns : ["."], _ => true);
        foreach (var file in query.Files)
        {
            var full = Path.GetFullPath(file, cwd);
            var dir = Path.GetDirectoryName(full)!;
            var name = Path.GetFileName(full);
            await AddAsync([PatternForDirectory(dir, cwd, session)], p => p.GoFiles?.Any(f => Path.GetFileName(f) == name) == true);
        }

        if (request.WantsExportData) await AddExportDataAsync(run, inv.Store, packages, graphOf, ct);
        var response = new DriverResponse
        {
            Compiler = "gc",
            Arch = session.Config.GoArch,
            GoVersion = DriverSizesFor.GoMinor(session.Sdk.Version),
            Sizes = request.WantsSizes ? DriverSizesFor.Arch(session.Config.GoArch) : null,
            Roots = [.. roots.Distinct(StringComparer.Ordinal)],
            Packages = [.. packages.Values.OrderBy(p => p.Id, StringComparer.Ordinal)],
        };
        return response;
    }

    /// Compiles the packages (as `go list -export` does) and points each at its export data in the store. A package
    /// that does not compile gets none: go/packages then type-checks it from source and reports its errors.
    private static async Task AddExportDataAsync(GoEngineRun run, LocalStore store, Dictionary<string, DriverPackage> packages,
        Dictionary<string, ResolvePackages> graphOf, CancellationToken ct)
    {
        var plain = packages.Values.Where(p => p.Id == p.PkgPath && p.Id != "unsafe" && p.Errors is null && !p.Id.EndsWith(".test", StringComparison.Ordinal)).ToList();
        var exports = await Task.WhenAll(plain.Select(async p =>
        {
            try
            {
                var compiled = await run.Engine.GetAsync<CompilePackage, CompiledPackage>(new CompilePackage(p.Id, graphOf[p.Id]), ct);
                return (Digest?)compiled.Export;
            }
            catch (KilnException) { return null; }
        }));
        for (var i = 0; i < plain.Count; i++)
        {
            if (exports[i] is { } export && store.TryGetBlobFile(export, BlobMode.Plain) is { } file) plain[i].ExportFile = file;
        }
    }

    /// The pattern naming the package in `dir`: relative to the working directory inside the workspace, the import
    /// path under GOROOT/src or in a module view.
    private static string PatternForDirectory(string dir, string cwd, GoSession session)
    {
        var goRootSrc = Path.Combine(session.Sdk.GoRoot, "src") + Path.DirectorySeparatorChar;
        if (dir.StartsWith(goRootSrc, StringComparison.Ordinal)) return dir[goRootSrc.Length..].Replace('\\', '/');
        if (DriverSources.ImportPathInView(dir) is { } importPath) return importPath;
        var rel = Path.GetRelativePath(cwd, dir).Replace('\\', '/');
        return rel == "." ? "." : rel.StartsWith("../", StringComparison.Ordinal) || rel == ".." ? rel : "./" + rel;
    }

    private static DriverPackage BuiltinPackage(string goRoot)
    {
        var dir = Path.Combine(goRoot, "src", "builtin");
        var files = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.go").Order(StringComparer.Ordinal).ToList() : [];
        return new DriverPackage
        {
            Id = "builtin",
            Name = "builtin",
            PkgPath = "builtin",
            GoFiles = files,
            CompiledGoFiles = files,
            Errors = files.Count == 0 ? [new DriverError("", $"package builtin is not in std ({dir})", Kind: 1)] : null,
        };
    }

    private static DriverRequest ReadRequest(Stream stdin)
    {
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        if (buffer.Length == 0) return new DriverRequest { Mode = LoadMode.NeedName | LoadMode.NeedFiles };
        try
        {
            return JsonSerializer.Deserialize(buffer.ToArray(), DriverJson.Default.DriverRequest) ?? throw DriverErrors.MalformedRequest("it is null");
        }
        catch (JsonException e)
        {
            throw DriverErrors.MalformedRequest(e.Message);
        }
    }

    /// -tags from the request's build flags (the one build flag Kiln takes; the rest of the configuration is kiln.toml's).
    private static string? TagsOf(IReadOnlyList<string> flags)
    {
        string? tags = null;
        for (var i = 0; i < flags.Count; i++)
        {
            var flag = flags[i];
            var bare = flag.StartsWith("--", StringComparison.Ordinal) ? flag[1..] : flag;
            if (bare == "-tags" && i + 1 < flags.Count) tags = flags[++i];
            else if (bare.StartsWith("-tags=", StringComparison.Ordinal)) tags = bare["-tags=".Length..];
            else throw DriverErrors.UnsupportedBuildFlag(flag);
        }
        return tags;
    }

    private static Dictionary<string, byte[]> Overlay(DriverRequest request, string cwd)
    {
        var overlay = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (path, bytes) in request.Overlay ?? [])
        {
            var full = Path.GetFullPath(path, cwd);
            // an overlay entry equal to the file on disk changes nothing (editors send every open buffer)
            if (File.Exists(full) && File.ReadAllBytes(full).AsSpan().SequenceEqual(bytes)) continue;
            overlay[full] = bytes;
        }
        return overlay;
    }
}
