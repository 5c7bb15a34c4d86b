using Kiln.Core;

namespace Kiln.Remote.Tests;

internal sealed class RecordingObserver : IBuildObserver
{
    private readonly List<BuildEvent> _events = [];
    public IReadOnlyList<BuildEvent> Events { get { lock (_events) return [.. _events]; } }
    public IReadOnlyList<Warning> Warnings => Events.OfType<Warning>().ToList();
    public void On(BuildEvent e) { lock (_events) _events.Add(e); }
}
