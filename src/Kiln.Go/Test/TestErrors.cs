using Kiln.Core;

namespace Kiln.Go.Test;

/// Every user-facing failure of `kiln test` that is not a test's own verdict.
public static class TestErrors
{
    public static KilnException MissingFile(string name, string dir) => new(ErrorKind.Internal,
        "a listed test file is missing from the stored module tree", [("file", name), ("directory", dir)]);

    public static KilnException BadTimeout(string text) => new(ErrorKind.User,
        "-timeout is not a duration", [("-timeout", text)], hint: "write it as go does: 10m, 90s, 1h30m, 0 (no timeout)");

    public static KilnException BadCoverMode(string mode) => new(ErrorKind.User,
        "-covermode is not a coverage mode", [("-covermode", mode)], hint: "use set, count or atomic");

    /// -c or -o with several packages and an -o that is a file, as go test refuses it.
    public static KilnException OutputNotADirectory(string output) => new(ErrorKind.User,
        "with multiple packages, -o must refer to a directory or /dev/null", [("-o", output)],
        hint: "end -o with / to name a directory (each binary is written there as NAME.test), or test one package");

    /// -c or -o with several packages whose test binaries would have one name, as go test refuses it.
    public static KilnException SameTestBinaryName(string binary, IEnumerable<string> packages) => new(ErrorKind.User,
        $"cannot write test binary {binary} for multiple packages", [.. packages.Select(p => ("package", p))],
        hint: "build them one at a time, each with its own -o");

    public static KilnException CoverPackagesMatchedNothing(string patterns) => new(ErrorKind.User,
        "-coverpkg matched no packages", [("-coverpkg", patterns)], hint: "give import paths or patterns such as ./... (comma-separated)");

    /// -fuzz where go test refuses it (several packages, one outside the main module, -coverprofile, an OS without fuzzing).
    public static KilnException CannotFuzz(string message, string? package = null) => new(ErrorKind.User, message,
        package is null ? [] : [("package", package)], hint: "fuzz one package of your own module at a time: kiln test -fuzz=FuzzName ./path/to/pkg");

    /// A test file's //go:embed pattern that names nothing in its package directory, as go test reports it.
    public static KilnException EmbedMatchesNothing(string pattern, string dir) => new(ErrorKind.User,
        $"pattern {pattern}: no matching files found", [("directory", dir)],
        hint: "check the //go:embed line of the test file: files and directories it names must exist in the package directory");
}
