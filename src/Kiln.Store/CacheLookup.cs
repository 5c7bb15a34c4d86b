using Kiln.Store.Reapi;

namespace Kiln.Store;

/// The outcome of an action-cache lookup: a hit with its result, or a miss with a reason for people.
public abstract record CacheLookup;

public sealed record CacheHit(ActionResult Result) : CacheLookup;

public sealed record CacheMiss(string Reason) : CacheLookup;
