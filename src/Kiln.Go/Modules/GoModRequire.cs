namespace Kiln.Go.Modules;

/// `require path version`, marked `// indirect` when go.mod says so; Line is 1-based in go.mod.
public sealed record GoModRequire(ModuleVersion Module, bool Indirect, int Line);
