using System.CommandLine;
using Kiln.Cli.Rendering;
using Kiln.Exec;
using Kiln.Go.Modules;
using Kiln.Go.Packages;
using Kiln.Go.Sdk;

namespace Kiln.Cli.Commands;

/// `kiln list [patterns] [--json] [--deps] [--test]`: packages exactly as `go list` sees them.
internal static class ListCommand
{
    public static Command Create(KilnApp app)
    {
        var patterns = new Argument<string[]>("patterns") { Description = "./..., ./dir/..., ./dir, import paths and wildcards (path/...), std, all (default: .)", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "print each package as `go list -json` does" };
        var deps = new Option<bool>("--deps") { Description = "also list every package the matches import, dependencies first" };
        var test = new Option<bool>("--test") { Description = "with --deps, also follow the matches' test imports" };
        var goos = new Option<string?>("--goos") { Description = "target operating system (default: $GOOS, else the SDK's)" };
        var goarch = new Option<string?>("--goarch") { Description = "target architecture (default: $GOARCH, else the SDK's)" };
        var cgo = new Option<string?>("--cgo") { Description = "1 or 0: CGO_ENABLED (default: $CGO_ENABLED, else the SDK's)" };
        var tags = new Option<string?>("--tags") { Description = "comma-separated build tags" };
        var allowDownload = new Option<bool>("--allow-download") { Description = "fetch missing modules first (as `kiln mod download` does); without it no module proxy is reached" };
        var cmd = new Command("list", "list packages as `go list` does: files after build constraints, imports, embeds, tests")
        {
            patterns, json, deps, test, goos, goarch, cgo, tags, allowDownload,
        };
        cmd.SetAction(app.Body("list", async (parsed, inv, ct) =>
        {
            var root = Workspace.FindRoot(inv.Host.CurrentDirectory) ?? throw GoModuleErrors.NoGoMod(inv.Host.CurrentDirectory);
            var kilnConfig = KilnConfig.Load(root);
            var workspace = Workspace.Discover(root);
            if (workspace.ModuleDirs.Count == 0) throw GoModuleErrors.NoGoMod(root);
            var jobs = new JobLimiter(inv.Jobs);
            var sdk = await new GoSdkLocator(inv.Store, jobs).LocateAsync(kilnConfig.GoSdk, inv.Host.SearchPath, ct);
            var config = BuildConfigResolver.Resolve(sdk, kilnConfig.Build, parsed.GetValue(goos), parsed.GetValue(goarch), parsed.GetValue(cgo), parsed.GetValue(tags), inv.Host);

            var moduleStore = new ModuleStore(inv.Store);
            var downloader = new ModuleDownloader(moduleStore, sdk, jobs, new DownloadEnvironment(inv.Host.Variables), inv.Stats);
            var roots = new List<ModuleRoot>();
            foreach (var dir in workspace.ModuleDirs)
            {
                var label = workspace.Label(dir);
                var unit = workspace.UnitFor(dir);
                var manifest = downloader.TryLoadManifest(unit)
                    ?? (parsed.GetValue(allowDownload) ? (await downloader.DownloadAsync(unit, ct)).Manifest : throw GoModuleErrors.NotDownloaded($"the modules of {unit.Label}"));
                roots.Add(new ModuleRoot(dir, label, manifest));
            }

            var analyzer = new PackageAnalyzer(inv.Store, inv.Executor(SandboxMode.Directory), sdk, config);
            var loader = new PackageLoader(inv.Store, moduleStore, analyzer, sdk, config, inv.Stats, root);
            var requested = parsed.GetValue(patterns) is { Length: > 0 } p ? p : ["."];
            var packages = await loader.ListAsync(roots, new ListRequest(inv.Host.CurrentDirectory, requested, parsed.GetValue(deps), parsed.GetValue(test)), ct);
            foreach (var pkg in packages)
            {
                if (parsed.GetValue(json)) inv.Out.WriteLine(PackageJson.Serialize(pkg));
                else inv.Out.WriteLine(pkg.ImportPath);
            }
            return ExitCodes.Success;
        }));
        return cmd;
    }
}
