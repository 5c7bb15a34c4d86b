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
    public Option<string[]> Gcflags { get; } = new("--gcflags", "-gcflags")
    {
        Description = "compiler flags, as go build takes them: '[pattern=]flags', repeatable, the last match wins (default: the packages named; GOFLAGS' first)",
        Arity = ArgumentArity.ZeroOrMore,
    };
    public Option<string[]> Asmflags { get; } = new("--asmflags", "-asmflags")
    {
        Description = "assembler flags, as go build takes them: '[pattern=]flags', repeatable, the last match wins (default: the packages named; GOFLAGS' first)",
        Arity = ArgumentArity.ZeroOrMore,
    };
    public Option<bool> AllowDownload { get; } = new("--allow-download") { Description = "fetch missing modules first (as `kiln mod download` does); without it no module proxy is reached" };

    /// `toolFlags`: the command compiles (build, test, run, vet), so -gcflags and -asmflags apply.
    public void AddTo(Command cmd, bool toolFlags = false)
    {
        cmd.Options.Add(GoOs);
        cmd.Options.Add(GoArch);
        cmd.Options.Add(Cgo);
        cmd.Options.Add(Tags);
        cmd.Options.Add(Race);
        if (toolFlags)
        {
            cmd.Options.Add(Gcflags);
            cmd.Options.Add(Asmflags);
        }
        cmd.Options.Add(AllowDownload);
    }
}
