namespace Kiln.Core;

/// Receives build events. Implementations must be thread-safe: events arrive from parallel actions.
public interface IBuildObserver
{
    void On(BuildEvent e);
}

/// Drops every event.
public sealed class NullBuildObserver : IBuildObserver
{
    public static readonly NullBuildObserver Instance = new();
    public void On(BuildEvent e) { }
}
