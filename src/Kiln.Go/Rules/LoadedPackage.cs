using Kiln.Go.Packages;

namespace Kiln.Go.Rules;

/// A listed package and where its files are.
public sealed record LoadedPackage(GoPackage Package, PackageSource Source);
