namespace Kiln.Go.Modules;

/// A module path at a version, as go.mod and go.sum spell them (`github.com/x/y v1.2.3`). The version is
/// empty for the main module and for local-path replacements.
public readonly record struct ModuleVersion(string Path, string Version)
{
    public override string ToString() => string.IsNullOrEmpty(Version) ? Path : $"{Path}@{Version}";
}
