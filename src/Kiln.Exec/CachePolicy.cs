namespace Kiln.Exec;

/// Whether an action's successful result may be read from and written to caches.
public enum CachePolicy
{
    Cache,
    /// Always run; never read or write a cache entry (e.g. `--force`).
    NoCache,
}
