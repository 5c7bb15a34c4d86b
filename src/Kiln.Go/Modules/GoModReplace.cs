namespace Kiln.Go.Modules;

/// `replace old [version] => new [version]`: Old.Version empty replaces every version; New.Version empty means New.Path is a local directory.
public sealed record GoModReplace(ModuleVersion Old, ModuleVersion New, int Line)
{
    /// Whether the replacement is a directory (`./x`, `../x`, `/abs`) rather than a module version.
    public bool IsLocalPath => New.Version.Length == 0;
}
