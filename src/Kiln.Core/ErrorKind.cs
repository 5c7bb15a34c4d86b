namespace Kiln.Core;

/// Who must act on a failure; sets the process exit code.
public enum ErrorKind
{
    /// The user's input is wrong (flags, config, go.mod, sources). Exit code 2.
    User,
    /// The machine is not as needed (missing tool, disk full, remote down). Exit code 3.
    Environment,
    /// Kiln's own bug, and anything unclassified. Exit code 70.
    Internal,
}
