using System.CommandLine;

namespace Kiln.Cli.Commands;

/// The build-configuration options every package command shares (list, deps, dependents, build).
internal sealed class GoOptions
{
    public Option<string?> GoOs { get; } = new("--goos") { Description = "target operating system (default: kiln.toml, else $GOOS, else the SDK's)" };
    public Option<string?> GoArch { get; } = new("--goarch") { Description = "target architecture (default: kiln.toml, else $GOARCH, else the SDK's)" };
    public Option<string?> Cgo { get; } = new("--cgo") { Description = "1 or 0: CGO_ENABLED (default: kiln.toml, else $CGO_ENABLED, else the SDK's)" };
    public Option<string?> Tags { get; } = new("--tags") { Description = "comma-separated build tags (default: kiln.toml's)" };
    public Option<bool> Race { get; } = new("--race", "-race") { Description = "build with the race detector, as go's -race (needs cgo; default: kiln.toml's build.race)" };
    public Option<bool> AllowDownload { get; } = new("--allow-download") { Description = "fetch missing modules first (as `kiln mod download` does); without it no module proxy is reached" };

    public void AddTo(Command cmd)
    {
        cmd.Options.Add(GoOs);
        cmd.Options.Add(GoArch);
        cmd.Options.Add(Cgo);
        cmd.Options.Add(Tags);
        cmd.Options.Add(Race);
        cmd.Options.Add(AllowDownload);
    }
}
