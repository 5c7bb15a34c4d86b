namespace Kiln.Core;

/// Something that happened during a run, for observers (the CLI renders them; tests record them).
public abstract record BuildEvent(string Description);

/// An action started running in a sandbox.
public sealed record ActionStarted(string Description, ActionKey Key) : BuildEvent(Description);

/// An action finished: ran (Executed) or was answered by a cache.
public sealed record ActionFinished(string Description, ActionKey Key, ActionOutcome Outcome, int ExitCode, TimeSpan Duration)
    : BuildEvent(Description);

public enum ActionOutcome { Executed, LocalCacheHit, RemoteCacheHit, Failed }

/// A store entry was found corrupt and evicted.
public sealed record StoreEntryEvicted(string Description, Digest Digest, string Reason) : BuildEvent(Description);

/// A warning for people (shown once).
public sealed record Warning(string Description) : BuildEvent(Description);

/// A phase of work began whose size is known: about `Actions` actions follow (progress shows done/total).
public sealed record WorkPlanned(string Description, int Actions) : BuildEvent(Description);
