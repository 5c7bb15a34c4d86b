namespace Kiln.Go.Modules;

/// One go.sum line: the module zip's hash, or (IsGoMod) its go.mod's hash; Line is 1-based.
public sealed record GoSumLine(ModuleVersion Module, bool IsGoMod, string Hash, int Line);
