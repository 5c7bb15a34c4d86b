namespace Kiln.Exec;

/// Follows a running action's stdout file and hands each new chunk to a listener as it is written (go test's
/// streamed output), until the process has ended and the file has been read to its end. The file is polled: the
/// only cost is a read every few milliseconds of a run that asked for it.
internal static class OutputFollower
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    public static async Task FollowAsync(string path, Action<ReadOnlyMemory<byte>> live, Task ended)
    {
        var buffer = new byte[64 * 1024];
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        while (true)
        {
            var last = ended.IsCompleted; // read once more after the end: what it wrote last
            int n;
            while ((n = await file.ReadAsync(buffer)) > 0) live(buffer.AsMemory(0, n));
            if (last) return;
            await Task.WhenAny(ended, Task.Delay(Interval));
        }
    }
}
