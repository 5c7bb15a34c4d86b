namespace Kiln.Go.Build;

/// A linked main package: the binary's digest in the store and the file name go build would give it.
public sealed record BuiltBinary(string ImportPath, string PackageDir, string FileName, Core.Digest Binary, bool Executed);
