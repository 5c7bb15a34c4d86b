namespace Kiln.Go.Modules;

/// `godebug key=value` (Go 1.23): a default GODEBUG setting for the main module's programs.
public sealed record GoModGodebug(string Key, string Value, int Line);
