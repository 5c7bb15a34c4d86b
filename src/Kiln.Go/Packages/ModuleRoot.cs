using Kiln.Go.Modules;

namespace Kiln.Go.Packages;

/// A go.mod of the workspace and the manifest `kiln mod download` stored for it. Under a go.work the manifest
/// is the workspace's one build list, `WorkspaceModules` are the other `use` modules (main modules too, found
/// on disk at any version) and local-path replacements are relative to the go.work's directory.
public sealed record ModuleRoot(string Dir, string Label, ModuleManifest Manifest)
{
    public IReadOnlyList<WorkspaceModule> WorkspaceModules { get; init; } = [];

    /// The directory local-path replacements are relative to: the go.mod's, or the go.work's in workspace mode.
    public string? ReplaceBase { get; init; }

    /// Set when the go.mod is built from its vendor directory (-mod=vendor).
    public Vendoring? Vendor { get; init; }
}

/// A `use` module of go.work: its module path, directory and go version.
public sealed record WorkspaceModule(string Path, string Dir, string? GoVersion);
