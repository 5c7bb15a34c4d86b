namespace Kiln.Go.Packages;

/// A package directory's analysis input (its files, Go files cut to their headers, as a stored tree) and the
/// `go list` result for it. Prefix: the sandbox directory stripped from the result's paths.
public sealed record AnalysedDirectory(Core.Digest Files, GoListPackage Package, string Prefix);
