using Kiln.Store.Reapi;

namespace Kiln.Store;

/// The outcome of an action-cache lookup: a hit with its result, or a miss with a reason for people.
public abstract record CacheLookup;

/// A hit. FromRemote: the local cache missed and a remote cache answered (its blobs are now local too).
public sealed record CacheHit(ActionResult Result, bool FromRemote = false) : CacheLookup;

public sealed record CacheMiss(string Reason) : CacheLookup;
