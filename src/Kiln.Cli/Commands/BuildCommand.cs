using System.CommandLine;
using Kiln.Go.Build;
using Kiln.Go.Packages;

namespace Kiln.Cli.Commands;

/// `kiln build [patterns] [-o PATH]`: compiles every matched package and its dependencies, links each main
/// package to dist/PKGDIR/NAME (or -o), as go build does but as cached, sandboxed actions.
internal static class BuildCommand
{
    public static Command Create(KilnApp app)
    {
        var patterns = new Argument<string[]>("patterns") { Description = "./..., ./dir/..., ./dir, import paths (default: .)", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string?>("-o") { Description = "write the binary here (a directory if it ends in / or exists)" };
        var ldflags = new Option<string?>("--ldflags", "-ldflags") { Description = "linker flags; only `-X importpath.name=value` is supported" };
        var keepGoing = new Option<bool>("--keep-going", "-k") { Description = "after a failure, build everything that does not depend on it; report every failure" };
        var go = new GoOptions();
        var cmd = new Command("build", "compile packages and link binaries, as go build does")
        {
            patterns, output, ldflags, keepGoing,
        };
        go.AddTo(cmd);
        cmd.SetAction(app.Body("build", async (parsed, inv, ct) =>
        {
            var session = await GoSession.OpenAsync(parsed, go, inv, defaultCgo: null, ct);
            var requested = parsed.GetValue(patterns) is { Length: > 0 } p ? p : ["."];
            var result = await BuildAllAsync(session, inv, requested, ParseLdflags(parsed.GetValue(ldflags)), parsed.GetValue(keepGoing), ct);
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
        IReadOnlyList<string> xFlags, CancellationToken ct)
    {
        var result = await BuildAllAsync(session, inv, patterns, xFlags, keepGoing: false, ct);
        return result.Failures.Count > 0 ? throw BuildErrors.Failed(result.Failures) : result.Binaries;
    }

    /// BuildAsync that returns the failures with the binaries that linked (with `keepGoing`, all that could).
    public static async Task<BuildResult> BuildAllAsync(GoSession session, Invocation inv, IReadOnlyList<string> patterns,
        IReadOnlyList<string> xFlags, bool keepGoing, CancellationToken ct)
    {
        var matched = await session.Loader.ListAsync(session.Roots, new ListRequest(inv.Host.CurrentDirectory, patterns, Deps: false, Tests: false), ct);
        var all = await session.Loader.ListAsync(session.Roots, new ListRequest(inv.Host.CurrentDirectory, patterns, Deps: true, Tests: false), ct);
        inv.Observer.On(new Core.WorkPlanned("build", all.Count(p => p.ImportPath != "unsafe") + matched.Count(p => p.Name == "main")));
        var builder = new GoBuilder(inv.Store, inv.Executor(Exec.SandboxMode.Directory), session.Sdk, session.Config, inv.Stats, session.Loader.SourceOf)
        {
            KeepGoing = keepGoing,
            GoModOf = m => MainGoMod(session, m),
        };
        return await builder.BuildAllAsync(all, matched,
            m => session.Roots.FirstOrDefault(r => r.Manifest.MainModule == m.Module?.Path)?.Manifest, xFlags, ct);
    }

    /// The go.mod of the workspace module providing `main` (for its godebug lines), parsed now.
    private static Go.Modules.GoModFile? MainGoMod(GoSession session, Go.Packages.GoPackage main)
    {
        if (session.Roots.FirstOrDefault(r => r.Manifest.MainModule == main.Module?.Path) is not { } root) return null;
        var file = Path.Combine(root.Dir, "go.mod");
        return File.Exists(file) ? Go.Modules.GoModFile.Parse(Path.GetRelativePath(session.Root, file), File.ReadAllBytes(file)) : null;
    }

    /// Writes the binary unless dest already holds exactly it (a no-op build rewrites nothing).
    public static void WriteBinary(Invocation inv, BuiltBinary b, string dest)
    {
        if (HoldsBlob(dest, b.Binary)) return;
        var bytes = inv.Store.TryReadBytes(b.Binary) ?? throw Store.StoreErrors.MissingBlob(b.Binary, "binary of " + b.ImportPath);
        Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
        AtomicFile.Write(dest, bytes, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
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

    /// `-X importpath.name=value` pairs (as `-X a=b` or `-X=a=b`); anything else is refused.
    public static IReadOnlyList<string> ParseLdflags(string? ldflags)
    {
        var result = new List<string>();
        var words = (ldflags ?? "").Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i].StartsWith("-X=", StringComparison.Ordinal)) result.Add(words[i][3..]);
            else if (words[i] == "-X" && i + 1 < words.Length) result.Add(words[++i]);
            else throw CliErrors.BadBuildSetting("-ldflags", ldflags!, "only -X importpath.name=value is supported");
        }
        return result;
    }
}
