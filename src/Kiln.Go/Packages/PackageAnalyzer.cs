using Kiln.Core;
using Kiln.Exec;
using Kiln.Go.Sdk;
using Kiln.Store;

namespace Kiln.Go.Packages;

/// Runs `go list` on source trees as cacheable actions. The go command runs in GOPATH mode
/// (`GO111MODULE=off`), so an analysis needs no dependency present: its input root is only the analysed
/// files, and its key is those files' digest plus the SDK and the build configuration. A warm run starts
/// no process; a third-party module is analysed once per (tree digest, configuration) on any machine
/// sharing the store.
public sealed class PackageAnalyzer(LocalStore store, CachingExecutor executor, GoSdk sdk, BuildConfig config)
{
    /// The directory the analysed tree sits in, inside the sandbox; its absolute path is stripped from results.
    public const string WorkDir = "kiln-analysis";

    /// Every std package (vendored ones included), with resolved Imports, ImportMap and Deps.
    public async Task<IReadOnlyList<GoListPackage>> AnalyseStdAsync(Core.Digest emptyRoot, CancellationToken ct)
    {
        var (packages, _) = await RunAsync(emptyRoot, ["std"], "", "go list std", ct);
        return packages;
    }

    /// The package in one directory: `files` holds the directory's files (or, for a package with embeds,
    /// its whole subtree). Returns the package and the sandbox path that stood for the directory.
    public async Task<(GoListPackage Package, string Prefix, bool Cached)> AnalyseDirectoryAsync(Core.Digest files, string label, CancellationToken ct)
    {
        var (packages, cached) = await RunAsync(files, ["."], WorkDir, $"go list {label}", ct, wrap: true);
        if (packages.Count != 1) throw PackageErrors.UnexpectedOutput($"go list {label}", $"{packages.Count} packages for one directory");
        var p = packages[0];
        return (p, PrefixOf(p.Dir), cached);
    }

    /// The packages in the given directories (relative, "" for the root) of one module tree.
    public async Task<(IReadOnlyList<(string RelDir, GoListPackage Package, string Prefix)> Packages, bool Cached)> AnalyseModuleAsync(
        Core.Digest tree, IReadOnlyList<string> dirs, string label, CancellationToken ct)
    {
        var args = dirs.Select(d => d.Length == 0 ? "." : "./" + d).ToList();
        var (packages, cached) = await RunAsync(tree, args, WorkDir, $"go list {label}", ct, wrap: true);
        var result = packages.Select(p =>
        {
            var prefix = PrefixOf(p.Dir);
            var rel = p.Dir.Length > prefix.Length ? p.Dir[(prefix.Length + 1)..] : "";
            return (rel, p, prefix);
        }).ToList();
        return (result, cached);
    }

    private static string PrefixOf(string dir)
    {
        var marker = "/" + WorkDir;
        var i = dir.IndexOf(marker + "/", StringComparison.Ordinal);
        if (i < 0 && dir.EndsWith(marker, StringComparison.Ordinal)) i = dir.Length - marker.Length;
        return i < 0 ? dir : dir[..(i + marker.Length)];
    }

    private async Task<(List<GoListPackage> Packages, bool Cached)> RunAsync(Core.Digest root, IReadOnlyList<string> patterns,
        string workDir, string description, CancellationToken ct, bool wrap = false)
    {
        var input = root;
        if (wrap) input = new TreeBuilder(store).AddDirectory(WorkDir, root).Build();
        var argv = new List<string> { sdk.GoBinary, "list", "-e", "-json=" + string.Join(",", GoListPackage.Fields) };
        argv.AddRange(config.TagsArgs);
        argv.Add("--");
        argv.AddRange(patterns);
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GO111MODULE"] = "off",
            ["GOPATH"] = "/nonexistent",
            ["GOFLAGS"] = "",
            ["GOENV"] = "off",
            ["GOTOOLCHAIN"] = "local",
            ["GOWORK"] = "off",
            ["GOPROXY"] = "off",
            ["GOOS"] = config.GoOs,
            ["GOARCH"] = config.GoArch,
            ["CGO_ENABLED"] = config.CgoEnabled ? "1" : "0",
            ["GOROOT"] = sdk.GoRoot,
            ["HOME"] = "{sandbox}/home",
            ["GOCACHE"] = "{sandbox}/gocache",
            ["PATH"] = Path.GetDirectoryName(sdk.GoBinary) + ":/usr/bin:/bin",
            ["KILN_GO_SDK"] = sdk.Identity,
        };
        var request = new ProcessRequest(new EquatableArray<string>(argv), new EquatableMap<string>(env), input,
            EquatableArray<string>.Empty, EquatableArray<string>.Empty, description)
        {
            WorkingDirectory = workDir,
            Timeout = TimeSpan.FromMinutes(10),
            ToolDirectories = new EquatableArray<string>(sdk.ToolDirectories),
        };
        var result = await executor.ExecuteAsync(request, ct);
        if (!result.Succeeded)
            throw PackageErrors.GoListFailed(description, System.Text.Encoding.UTF8.GetString(executor.ReadStderr(result)));
        var packages = GoListPackage.ParseStream(executor.ReadStdout(result));
        return (packages, result.Outcome != ActionOutcome.Executed);
    }
}
