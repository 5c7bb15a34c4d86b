namespace Kiln.Go.Build;

/// A compiled package: its export data (what dependents compile against) and its link object (what the
/// linker reads), split by `compile -o pkg.x -linkobj pkg.a`. Equal Export digests mean no dependent
/// needs to recompile, whatever happened to the body.
public sealed record CompiledPackage(string ImportPath, Core.Digest Export, Core.Digest LinkObject, bool Executed)
{
    /// The coverage meta-data file (compiled with `CoverSpec.EmitMeta`); null if none or empty (no functions).
    public Core.Digest? CoverMeta { get; init; }

    /// The files outside the sandbox its cgo steps read (CgoReads): the engine stamps them. Not traced: only the
    /// run that compiled or reused it needs them.
    public Core.EquatableArray<string> Reads { get; init; } = Core.EquatableArray<string>.Empty;
}
