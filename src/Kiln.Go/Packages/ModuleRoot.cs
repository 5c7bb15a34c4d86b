using Kiln.Go.Modules;

namespace Kiln.Go.Packages;

/// A go.mod of the workspace and the manifest `kiln mod download` stored for it.
public sealed record ModuleRoot(string Dir, string Label, ModuleManifest Manifest);
