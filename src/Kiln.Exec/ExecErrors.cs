using Kiln.Core;

namespace Kiln.Exec;

/// Every user-facing execution failure, in one place.
public static class ExecErrors
{
    public static KilnException EmptyArgv(string action) => new(ErrorKind.User,
        "an action has no command to run", [("action", action)]);

    /// RunOnlyArgsAt must name a place inside argv after the program: a bug of the rule that made the request.
    public static KilnException RunOnlyArgsOutside(string action, int at, int count) => new(ErrorKind.Internal,
        "an action's run-only arguments go outside its argv", [("action", action), ("at", at.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("argv length", count.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    public static KilnException BadOutputPath(string action, string path, string why) => new(ErrorKind.User,
        "an action declares an invalid path", [("action", action), ("path", path), ("why", why)],
        hint: "paths are relative to the sandbox root, use `/`, and never leave it");

    public static KilnException NoBubblewrap() => new(ErrorKind.Environment,
        "strict sandboxing needs bubblewrap, which is not installed",
        [("looked for", "bwrap on PATH")],
        hint: "install it with `apt-get install bubblewrap`, or run without --strict");

    public static KilnException CannotStart(string action, string program, string why) => new(ErrorKind.User,
        "cannot start an action's program", [("action", action), ("program", program), ("why", why)],
        hint: "check that the program exists and is executable (in strict mode: inside a declared --tool-dir)");

    public static KilnException UndeclaredOutput(string action, string why) => new(ErrorKind.Internal,
        "an action's result holds an output it did not declare", [("action", action), ("why", why)]);

    public static KilnException ToolDirMissing(string dir) => new(ErrorKind.User,
        "a declared tool directory does not exist", [("tool dir", dir)]);
}
