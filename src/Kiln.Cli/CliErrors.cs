using Kiln.Core;

namespace Kiln.Cli;

/// User-facing errors of the command line itself.
internal static class CliErrors
{
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
}
