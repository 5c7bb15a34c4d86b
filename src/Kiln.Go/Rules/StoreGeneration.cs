using Kiln.Engine;

namespace Kiln.Go.Rules;

/// The store's gc generation: rules whose results name stored blobs depend on it, so after a gc they are
/// checked against the action cache again instead of trusted.
public sealed record StoreGeneration : IKey<string>
{
    public override string ToString() => "store gc generation";
}
