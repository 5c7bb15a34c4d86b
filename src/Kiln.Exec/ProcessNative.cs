using System.Runtime.InteropServices;

namespace Kiln.Exec;

internal static partial class ProcessNative
{
    private const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);

    /// Sends SIGKILL to every process of a process group.
    public static void KillGroup(int pgid) => _ = KillNative(-pgid, SigKill);
}
