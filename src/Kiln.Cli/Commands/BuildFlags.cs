using System.CommandLine;
using Kiln.Go.Packages;
using Kiln.Go.Sdk;

namespace Kiln.Cli.Commands;

/// The build-configuration flags of the package commands (deps, dependents), resolved with kiln.toml.
internal sealed class BuildFlags
{
    public Option<string?> GoOs { get; } = new("--goos") { Description = "target operating system (default: kiln.toml, else $GOOS, else the SDK's)" };
    public Option<string?> GoArch { get; } = new("--goarch") { Description = "target architecture (default: kiln.toml, else $GOARCH, else the SDK's)" };
    public Option<string?> Cgo { get; } = new("--cgo") { Description = "1 or 0: CGO_ENABLED (default: kiln.toml, else $CGO_ENABLED, else the SDK's)" };
    public Option<string?> Tags { get; } = new("--tags") { Description = "comma-separated build tags (default: kiln.toml's)" };
    public Option<bool> AllowDownload { get; } = new("--allow-download") { Description = "fetch missing modules first (as `kiln mod download` does)" };

    public void AddTo(Command command)
    {
        command.Options.Add(GoOs);
        command.Options.Add(GoArch);
        command.Options.Add(Cgo);
        command.Options.Add(Tags);
        command.Options.Add(AllowDownload);
    }

    public BuildConfig Resolve(ParseResult parsed, GoSdk sdk, KilnConfig file, HostEnvironment host) => BuildConfigResolver.Resolve(
        sdk, file.Build, parsed.GetValue(GoOs), parsed.GetValue(GoArch), parsed.GetValue(Cgo), parsed.GetValue(Tags), host);
}
