namespace Kiln.Go.Modules;

/// One go.sum entry: a module's zip hash, or (IsGoMod) the hash of its go.mod.
public sealed record SumLine(ModuleVersion Module, bool IsGoMod, string Hash)
{
    public override string ToString() => $"{Module.Path} {Module.Version}{(IsGoMod ? "/go.mod" : "")} {Hash}";
}
