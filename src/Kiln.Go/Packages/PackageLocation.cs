namespace Kiln.Go.Packages;

/// Where an import path's package comes from: a workspace directory, a directory of a stored module, or std.
internal sealed record PackageLocation(string ImportPath, LocalModule? Local, ThirdPartyModule? ThirdParty, string RelDir)
{
    public bool IsStd => Local is null && ThirdParty is null;

    public static PackageLocation Std(string importPath) => new(importPath, null, null, "");

    /// The directory on disk, for a workspace package.
    public string? DiskDir => Local is null ? null : RelDir.Length == 0 ? Local.Dir : System.IO.Path.Combine(Local.Dir, RelDir);
}
