namespace Kiln.Core;

/// Who must act on a failure; sets the process exit code.
public enum ErrorKind
{
    /// The user's input is wrong (flags, config, go.mod, sources). Exit code 2.
    User,
    /// The machine is not as needed (missing tool, disk full, remote down). Exit code 3.
    Environment,
    /// A build action (compile, link) failed on the user's code; its output says why. Exit code 1.
    ActionFailed,
    /// Kiln's own bug, and anything unclassified. Exit code 70.
    Internal,
}
