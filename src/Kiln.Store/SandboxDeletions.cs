namespace Kiln.Store;

/// Sandboxes removed off the critical path: a finished action's tree (hundreds of hard links) is deleted while
/// the run goes on, and the command waits for every deletion before it exits. A deletion cut short by a kill
/// leaves a sandbox whose owner is dead, which `kiln gc` sweeps.
public static class SandboxDeletions
{
    private static readonly List<Task> Pending = [];

    public static void Start(string sandbox)
    {
        lock (Pending)
        {
            Pending.RemoveAll(t => t.IsCompleted);
            Pending.Add(Task.Run(() => LocalStore.DeleteSandbox(sandbox)));
        }
    }

    /// Waits for every deletion started so far.
    public static void WaitAll()
    {
        Task[] pending;
        lock (Pending)
        {
            pending = [.. Pending];
            Pending.Clear();
        }
        Task.WaitAll(pending);
    }
}
