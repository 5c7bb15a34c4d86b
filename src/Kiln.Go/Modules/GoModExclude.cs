namespace Kiln.Go.Modules;

/// `exclude path version`: the main module forbids this version; Line is 1-based in go.mod.
public sealed record GoModExclude(ModuleVersion Module, int Line);
