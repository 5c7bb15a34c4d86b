using Kiln.Core;

namespace Kiln.Go.Vet;

/// Every user-facing failure of vet settings, in one place.
public static class VetErrors
{
    /// go test's `invalid value "X" for flag -vet: WHY`.
    public static KilnException BadVetFlag(string value, string why) => new(ErrorKind.User,
        $"invalid value \"{value}\" for flag -vet: {why}", [("-vet", value)],
        hint: "use off, all, or a comma-separated list of vet analyzers (see `go tool vet help`)");
}
