using System.Text;
using Kiln.Engine;
using Kiln.Go.Build;
using Kiln.Go.Packages;
using Kiln.Go.Sdk;
using Kiln.Go.Test;

namespace Kiln.Go.Rules;

/// The Go backend's rules on one engine: files and directories of the workspace, the build settings, the
/// store's gc generation, package graphs, compiles and links.
public static class GoRules
{
    public static EngineBuilder Create(GoRuleServices services, string settings, TimeProvider time, GoTester? tester = null)
    {
        var builder = Create(services, settings, time);
        return tester is null ? builder : builder.Add(new TestPackageRule(services, tester)).Add(new VetPackageRule(services, tester));
    }

    private static EngineBuilder Create(GoRuleServices services, string settings, TimeProvider time) => new EngineBuilder()
        .Add(new SourceFileRule(services.Store, time))
        .Add(new SourceDirRule(time))
        .Add(new PackageTreeRule())
        .Add(new BuildSettingsRule(settings))
        .Add(new StoreGenerationRule(services.Store))
        .Add(new DirectoryAnalysisRule(services))
        .Add(new ResolvePackagesRule(services))
        .Add(new PackageInGraphRule())
        .Add(new PkgConfigRule(services))
        .Add(new CompilePackageRule(services))
        .Add(new LinkBinaryRule(services));

    /// The settings every Go rule depends on, one per line: the SDK, the configuration, the C compiler, and for
    /// each module root its directory and module manifest (build list and stored trees, as go.mod and go.sum
    /// chose them).
    public static string Settings(GoSdk sdk, BuildConfig config, GoBuilder builder, IReadOnlyList<ModuleRoot> roots)
    {
        var sb = new StringBuilder();
        sb.Append("sdk ").Append(sdk.Identity).Append(" binary=").Append(sdk.GoBinary).Append('\n');
        sb.Append("config ").Append(config).Append('\n');
        sb.Append("cc ").Append(builder.Tools.CCompiler?.Identity ?? "none").Append('\n');
        foreach (var root in roots)
            sb.Append("module ").Append(root.Dir).Append(' ').Append(root.Manifest.Identity).Append(root.Vendor is null ? "" : " vendor").Append('\n');
        return sb.ToString();
    }
}
