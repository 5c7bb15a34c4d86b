namespace Kiln.Engine;

/// Why a persistent node was computed instead of reused: it had no trace (<see cref="ChangedKind"/> null), or
/// the first dependency whose result changed (or failed, <see cref="DependencyFailed"/>).
public sealed record RerunReason(string Kind, string Key, string? ChangedKind, string? ChangedKey, bool DependencyFailed = false);
