namespace Kiln.Go.Packages;

/// A package directory's analysis input (its files, Go files cut to their headers, as a stored tree) and the
/// cached `go list` result for it, or a null Package when none is cached yet. Prefix: the sandbox directory
/// stripped from the result's paths.
public sealed record AnalysedDirectory(Core.Digest Files, GoListPackage? Package, string Prefix);
