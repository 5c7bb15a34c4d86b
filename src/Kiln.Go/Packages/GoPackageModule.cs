namespace Kiln.Go.Packages;

/// The module a package belongs to, as `go list -json` reports it in `Module` (absent for std).
public sealed record GoPackageModule(string Path, string Version, string? GoVersion, bool Main);
