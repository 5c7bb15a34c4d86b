using Kiln.Core;

namespace Kiln.Cli;

/// User-facing errors of the command line itself.
internal static class CliErrors
{
    public static KilnException ConfigUnknownSetting(string file, int line, string key, string known) => new(ErrorKind.User,
        "kiln.toml has a setting Kiln does not know", [("file", file), ("line", Line(line)), ("setting", key), ("known", known)]);

    public static KilnException ConfigBadValue(string file, int line, string key, string expected, string found) => new(ErrorKind.User,
        $"the kiln.toml setting {key} must be {expected}", [("file", file), ("line", Line(line)), ("setting", key), ("expected", expected), ("found", found)]);

    /// TOML forbids writing a key (or a table header) twice.
    public static KilnException ConfigDuplicateKey(string file, string key, int firstLine, int line) => new(ErrorKind.User,
        "kiln.toml sets a key twice", [("file", file), ("setting", key), ("first", $"line {firstLine}"), ("again", $"line {line}")],
        hint: "keep one of them");

    public static KilnException CannotWriteProfile(string path, string why) => new(ErrorKind.User,
        "cannot write the --profile file", [("file", path), ("error", why)], hint: "give a path in an existing, writable directory");

    private static string Line(int line) => line > 0 ? line.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";

    public static KilnException BadSize(string text) => new(ErrorKind.User,
        "not a valid size", [("size", text)], hint: "write a number with an optional unit: 500MB, 20GiB, 1T");

    public static KilnException BadEnv(string text) => new(ErrorKind.User,
        "not a valid environment assignment", [("--env", text)], hint: "write NAME=VALUE, or NAME to pass the current value through");

    public static KilnException ActionFailed(string description, int exitCode, bool timedOut) => new(ErrorKind.User,
        timedOut ? "the action timed out" : "the action failed", [("action", description), ("exit code", exitCode.ToString())]);

    public static KilnException StoreRootUnsafe(string root) => new(ErrorKind.User,
        "refusing to delete a directory that is not a Kiln store", [("store", root)],
        hint: "a Kiln store holds cas/, ac/ and tmp/; check KILN_HOME");

    public static KilnException BadBuildSetting(string setting, string value, string why) => new(ErrorKind.User,
        "a build setting is not valid", [(setting, value), ("why", why)]);

    public static KilnException RaceRequiresCgo(bool cross) => new(ErrorKind.User,
        "-race requires cgo", [],
        hint: cross ? "the race detector cannot be used when cross-compiling" : "enable cgo by setting CGO_ENABLED=1 (or --cgo 1)");

    public static KilnException NotOnePackage(string pattern, int count) => new(ErrorKind.User,
        count == 0 ? "the pattern names no package" : "the pattern names more than one package", [("package", pattern), ("matches", count.ToString())],
        hint: "name one package: an import path or a directory like ./cmd/app");

    public static KilnException NoPackageInDirectory(string dir) => new(ErrorKind.User,
        "no package of the workspace is in that directory", [("directory", dir)],
        hint: "name a package directory below a go.mod, or an import path");
}
