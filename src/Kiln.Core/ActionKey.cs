namespace Kiln.Core;

/// The cache key of an action: the digest of its REAPI `Action` message. Not interchangeable with a
/// content digest, so it is its own type.
public readonly record struct ActionKey(Digest Digest)
{
    public override string ToString() => Digest.ToString();
}
