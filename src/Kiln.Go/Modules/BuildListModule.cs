namespace Kiln.Go.Modules;

/// One module of a go.mod's build list, as `go list -m -json all` reports it: the selected version, the
/// replacement if any (ReplaceVersion empty for a local directory), and its go line.
public sealed record BuildListModule(string Path, string Version, string? ReplacePath, string? ReplaceVersion, string? GoVersion)
{
    /// The module whose files provide this module's packages; null for a local-path replacement.
    public ModuleVersion? Source => ReplacePath switch
    {
        null => new ModuleVersion(Path, Version),
        _ when !string.IsNullOrEmpty(ReplaceVersion) => new ModuleVersion(ReplacePath, ReplaceVersion),
        _ => null,
    };

    public bool IsLocalReplace => ReplacePath is not null && string.IsNullOrEmpty(ReplaceVersion);
}
