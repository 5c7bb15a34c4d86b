using System.Runtime.InteropServices;

namespace Kiln.Exec;

/// One action's process started with posix_spawn: in a session of its own (POSIX_SPAWN_SETSID, so one signal to its
/// group reaches every descendant), in its working directory, stdin from /dev/null, stdout and stderr written straight
/// to files, default signal dispositions and an empty signal mask. No `setsid` program runs first and no pipe is
/// copied through this process: per action that was a second exec and two stream copies.
internal static unsafe partial class SpawnedProcess
{
    private const int OReadOnly = 0x0;
    private const int OWriteCreateTruncate = 0x1 | 0x40 | 0x200; // O_WRONLY | O_CREAT | O_TRUNC (not O_CLOEXEC: they are the child's own)
    private const short SetSigDef = 0x04;
    private const short SetSigMask = 0x08;
    private const short SetSid = 0x80;
    private const int EINTR = 4;

    // glibc x86_64/arm64 sizes are 80 (file actions), 336 (attributes) and 128 (sigset_t); room to spare.
    private const int FileActionsSize = 256;
    private const int AttrSize = 512;
    private const int SigSetSize = 256;

    /// Starts `argv` (argv[0] an absolute path) with exactly `env`; returns its pid, or the errno of a start that
    /// failed (the program or the working directory missing, not executable).
    public static (int Pid, int Errno) Start(IReadOnlyList<string> argv, IEnumerable<string> env, string workDir, string stdoutPath, string stderrPath)
    {
        var actions = stackalloc byte[FileActionsSize];
        var attr = stackalloc byte[AttrSize];
        var sigDefault = stackalloc byte[SigSetSize];
        var sigMask = stackalloc byte[SigSetSize];
        var strings = new List<IntPtr>();
        try
        {
            Check(FileActionsInit(actions));
            Check(SpawnAttrInit(attr));
            try
            {
                Check(AddOpen(actions, 0, "/dev/null", OReadOnly, 0));
                Check(AddOpen(actions, 1, stdoutPath, OWriteCreateTruncate, 0x1a4)); // 0644
                Check(AddOpen(actions, 2, stderrPath, OWriteCreateTruncate, 0x1a4));
                Check(AddChdir(actions, workDir));
                Check(SigFillSet(sigDefault));
                Check(SigEmptySet(sigMask));
                Check(SetSigDefault(attr, sigDefault));
                Check(SetSigMaskAttr(attr, sigMask));
                Check(SetFlags(attr, (short)(SetSigDef | SetSigMask | SetSid)));
                var argvPtr = NullTerminated(argv, strings);
                var envPtr = NullTerminated([.. env], strings);
                int pid;
                var error = Spawn(&pid, argv[0], actions, attr, argvPtr, envPtr);
                return error == 0 ? (pid, 0) : (0, error);
            }
            finally
            {
                _ = FileActionsDestroy(actions);
                _ = SpawnAttrDestroy(attr);
            }
        }
        finally
        {
            foreach (var s in strings) Marshal.FreeCoTaskMem(s);
        }
    }

    /// Waits for the process to end (blocking this thread); its exit code, or 128 + the signal that killed it.
    public static int Wait(int pid)
    {
        int status;
        while (WaitPid(pid, &status, 0) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR) throw new InvalidOperationException($"waitpid({pid}) failed (errno {errno})");
        }
        var signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }

    private static IntPtr* NullTerminated(IReadOnlyList<string> values, List<IntPtr> owned)
    {
        var block = Marshal.AllocCoTaskMem((values.Count + 1) * IntPtr.Size);
        owned.Add(block);
        var array = (IntPtr*)block;
        for (var i = 0; i < values.Count; i++)
        {
            array[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
            owned.Add(array[i]);
        }
        array[values.Count] = IntPtr.Zero;
        return array;
    }

    private static void Check(int result)
    {
        if (result != 0) throw new InvalidOperationException($"posix_spawn set-up failed (error {result})");
    }

    [LibraryImport("libc", EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Spawn(int* pid, string path, byte* actions, byte* attr, IntPtr* argv, IntPtr* envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static partial int FileActionsInit(byte* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static partial int FileActionsDestroy(byte* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int AddOpen(byte* actions, int fd, string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int AddChdir(byte* actions, string path);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    private static partial int SpawnAttrInit(byte* attr);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    private static partial int SpawnAttrDestroy(byte* attr);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    private static partial int SetFlags(byte* attr, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    private static partial int SetSigDefault(byte* attr, byte* set);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    private static partial int SetSigMaskAttr(byte* attr, byte* set);

    [LibraryImport("libc", EntryPoint = "sigfillset")]
    private static partial int SigFillSet(byte* set);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    private static partial int SigEmptySet(byte* set);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, int* status, int options);
}
