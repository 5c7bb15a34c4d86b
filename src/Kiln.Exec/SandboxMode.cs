namespace Kiln.Exec;

/// How strongly an action is isolated.
public enum SandboxMode
{
    /// A fresh directory holding exactly the input root; exact environment; host file system visible.
    Directory,
    /// Bubblewrap: new user, pid, network, ipc and uts namespaces; only the sandbox and the declared
    /// read-only tool directories are visible.
    Strict,
}
