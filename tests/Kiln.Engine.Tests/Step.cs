namespace Kiln.Engine.Tests;

/// A named test key; prints as its name so cycle and `while:` text reads "a -> b -> a".
public sealed record Step(string Name) : IKey<string>
{
    public override string ToString() => Name;
}
