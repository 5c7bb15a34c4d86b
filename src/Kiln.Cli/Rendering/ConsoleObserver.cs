using Kiln.Core;

namespace Kiln.Cli.Rendering;

/// Renders build events as plain lines on stderr (progress and diagnostics never go to stdout).
internal sealed class ConsoleObserver(TextWriter err, bool verbose) : IBuildObserver
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _warned = [];

    public void On(BuildEvent e)
    {
        string? line = e switch
        {
            ActionStarted s when verbose => $"run     {s.Description}",
            ActionFinished { Outcome: ActionOutcome.LocalCacheHit } f when verbose => $"cached  {f.Description}",
            ActionFinished { Outcome: ActionOutcome.RemoteCacheHit } f when verbose => $"remote  {f.Description}",
            ActionFinished { Outcome: ActionOutcome.Failed } f => $"FAILED  {f.Description} (exit {f.ExitCode}, {f.Duration.TotalSeconds:0.0}s)",
            ActionFinished { Outcome: ActionOutcome.Executed } f when verbose => $"done    {f.Description} ({f.Duration.TotalSeconds:0.0}s)",
            StoreEntryEvicted ev => $"warning: {ev.Description}",
            Warning w => $"warning: {w.Description}",
            _ => null,
        };
        if (line is null) return;
        lock (_lock)
        {
            if (e is Warning && !_warned.Add(line)) return;
            err.WriteLine(line);
        }
    }
}
