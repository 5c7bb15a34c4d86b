using Kiln.Core;

namespace Kiln.Go.Build;

/// What a build produced: the binaries that linked, and every failure (one per failed action, not repeated for
/// its dependents), ordered by message.
public sealed record BuildResult(IReadOnlyList<BuiltBinary> Binaries, IReadOnlyList<KilnException> Failures);
