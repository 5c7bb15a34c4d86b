namespace Kiln.Go.Packages;

/// A module whose sources are on disk in the workspace: the main module of a go.mod, or a local-path
/// replacement. Its packages are analysed directory by directory.
internal sealed record LocalModule(string Path, string Dir, GoPackageModule Info);
