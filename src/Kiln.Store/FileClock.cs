using System.Runtime.InteropServices;

namespace Kiln.Store;

/// The clock the kernel stamps files with: CLOCK_REALTIME_COARSE, which advances once per tick. A file
/// changed at or after a moment read from it carries a change time at least that moment (a fine-grained
/// timestamp is later still), while a file changed a tick or more before carries an earlier one: so a rule
/// that noted this clock before reading tells a change that raced with its reads exactly, to the tick.
public static partial class FileClock
{
    private const int ClockRealtimeCoarse = 5;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);

    /// Now on the file clock, in nanoseconds since the Unix epoch.
    public static long NowNs()
    {
        if (ClockGetTime(ClockRealtimeCoarse, out var t) != 0)
            throw new InvalidOperationException("clock_gettime(CLOCK_REALTIME_COARSE) failed");
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }
}
