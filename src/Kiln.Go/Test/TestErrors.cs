using Kiln.Core;

namespace Kiln.Go.Test;

/// Every user-facing failure of `kiln test` that is not a test's own verdict.
public static class TestErrors
{
    public static KilnException NotInWorkspace(string importPath) => new(ErrorKind.User,
        "kiln test runs the tests of workspace packages only", [("package", importPath)]);

    public static KilnException BadTimeout(string text) => new(ErrorKind.User,
        "-timeout is not a duration", [("-timeout", text)], hint: "write it as go does: 10m, 90s, 1h30m, 0 (no timeout)");
}
