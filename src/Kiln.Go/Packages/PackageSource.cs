namespace Kiln.Go.Packages;

/// Where a listed package's files are: a directory on disk (a workspace package, or std under GOROOT/src),
/// or the stored tree of the package's directory inside a third-party module (its whole subtree, so
/// embedded files in subdirectories are reachable). Compile actions slice exactly the files they need.
public sealed record PackageSource(string? DiskDir, Core.Digest Tree)
{
    public static PackageSource OnDisk(string dir) => new(dir, default);
    public static PackageSource Stored(Core.Digest tree) => new(null, tree);
}
