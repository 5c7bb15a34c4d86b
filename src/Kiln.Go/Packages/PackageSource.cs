namespace Kiln.Go.Packages;

/// Where a listed package's files are: a directory on disk (a workspace package, or std under GOROOT/src),
/// or the stored tree of the package's directory inside a third-party module (its whole subtree, so
/// embedded files in subdirectories are reachable). Compile actions slice exactly the files they need.
public sealed record PackageSource(string? DiskDir, Core.Digest Tree)
{
    /// A third-party package's whole module tree and the package's directory inside it: go test runs a
    /// dependency's tests in its module-cache directory, with the rest of the module around it.
    public Core.Digest ModuleTree { get; init; }
    public string ModuleDir { get; init; } = "";

    public static PackageSource OnDisk(string dir) => new(dir, default);
    public static PackageSource Stored(Core.Digest tree) => new(null, tree);
}
