namespace Kiln.Remote;

/// A remote cache misbehaved: an unexpected status, a blob that does not match its digest, an entry that
/// does not parse. The circuit breaker turns it into a warning; it never reaches the user as an error.
public sealed class RemoteCacheException(string message, Exception? inner = null) : Exception(message, inner);
