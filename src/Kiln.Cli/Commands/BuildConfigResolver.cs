using Kiln.Go.Build;
using Kiln.Go.Packages;
using Kiln.Go.Sdk;

namespace Kiln.Cli.Commands;

/// The build configuration of a command: each of GOOS, GOARCH, CGO_ENABLED, the tags and -race comes from its
/// flag, else kiln.toml's `[build]`, else the environment variable (GOFLAGS' -tags and -race), else the SDK's default.
internal static class BuildConfigResolver
{
    /// `defaultCgo`: CGO_ENABLED when no flag, kiln.toml or environment sets it (null: the SDK's default).
    public static BuildConfig Resolve(GoSdk sdk, BuildSettings file, string? goos, string? goarch, string? cgo, string? tags, HostEnvironment host,
        bool? defaultCgo = null, bool race = false)
    {
        bool? cgoEnabled = cgo switch
        {
            null => file.Cgo ?? host.Get("CGO_ENABLED") switch
            {
                null => defaultCgo,
                "1" => true,
                "0" => false,
                var env => throw CliErrors.BadBuildSetting("CGO_ENABLED", env, "must be 0 or 1"),
            },
            "1" => true,
            "0" => false,
            _ => throw CliErrors.BadBuildSetting("--cgo", cgo, "must be 0 or 1"),
        };
        var cc = host.Get("CC") ?? "gcc";
        var hasCc = Path.IsPathRooted(cc) ? File.Exists(cc) : host.SearchPath.Any(d => File.Exists(Path.Combine(d, cc)));
        var goFlags = GoFlagsVariable.From(host.Variables);
        tags ??= file.Tags is null ? goFlags.Value("tags") : null;
        var tagList = tags is not null ? tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : file.Tags ?? [];
        var config = BuildConfig.For(sdk, goos ?? file.GoOs ?? host.Get("GOOS"), goarch ?? file.GoArch ?? host.Get("GOARCH"), cgoEnabled, hasCc, tagList)
            with
        { Race = race || (file.Race ?? goFlags.IsSet("race")) };
        // The go command's check (work/init.go instrumentInit): on linux the race runtime is a cgo package.
        if (config.Race && !config.CgoEnabled)
            throw CliErrors.RaceRequiresCgo(config.GoOs != sdk.GoOs || config.GoArch != sdk.GoArch);
        return config;
    }
}
