namespace Kiln.Go.Modules;

/// `retract version` (Low == High) or `retract [low, high]`, with the comment that explains it.
public sealed record GoModRetract(string Low, string High, string Rationale, int Line);
