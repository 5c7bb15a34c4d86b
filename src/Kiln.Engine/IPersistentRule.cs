using Kiln.Core;

namespace Kiln.Engine;

/// A rule whose results outlive the run as verifying traces (Shake's model, see README.md): the engine
/// stores each result with the result digests of every key the rule requested, and a later run reuses the
/// result without computing it when every one of those dependencies still yields the same digest.
/// A rule that reads the world directly (a file's bytes, the clock) must be <see cref="IsVolatile"/>; every
/// other rule must read the world only through its context, or its traces would hide a change.
public interface IPersistentRule<TKey, TValue> : IRule<TKey, TValue> where TKey : notnull
{
    /// Names the key type in the trace database, with a version: bump it whenever an encoding changes.
    string Kind { get; }

    /// The key as one line of text (golden-tested, shown by `kiln why`); <see cref="DecodeKey"/> inverts it.
    string EncodeKey(TKey key);

    TKey DecodeKey(string text);

    void WriteValue(TraceWriter writer, TValue value);

    TValue ReadValue(TraceReader reader);

    /// Re-run in every run instead of being verified: the rule looks at the world (a file's stamp). Its
    /// previous value is available through <see cref="IRuleContext.TryGetPrevious{TValue}"/>.
    bool IsVolatile => false;

    /// What dependents compare (early cutoff): equal digests mean every dependent would observe the same
    /// thing. Default: the digest of the serialized value. A file's stamp, say, is left out of its cutoff.
    Digest? CutoffOf(TValue value) => null;
}
