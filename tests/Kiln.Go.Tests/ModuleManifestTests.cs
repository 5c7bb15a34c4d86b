using Kiln.Core;
using Kiln.Go.Modules;

namespace Kiln.Go.Tests;

/// A manifest's identity (in every Go rule's settings key): a stored one is named by its bytes, a built or copied
/// one by its serialization, which round-trips.
public class ModuleManifestTests
{
    private static ModuleManifest Built() => new("example.com/app", "1.23",
        [new BuildListModule("example.com/lib", "v1.0.0", null, null, "1.21")],
        [new ManifestEntry("tree", new ModuleVersion("example.com/lib", "v1.0.0"), "abc")]);

    [Fact]
    public void Serialize_ThenTryParse_GivesTheSameManifestNamedByItsBytes()
    {
        var built = Built();                                                                    // Given

        var bytes = built.Serialize();                                                          // When
        var parsed = ModuleManifest.TryParse(bytes)!;

        Assert.Equal(Digest.Of(bytes), built.Identity);                                         // Then
        Assert.Equal(Digest.Of(bytes), parsed.Identity);
        Assert.Equal(Digest.Of(bytes), parsed.Stored);
        Assert.Equal(bytes, parsed.Serialize());
        Assert.DoesNotContain("Identity", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(built.BuildList.Single(), parsed.BuildList.Single());
        Assert.Equal(built.Entries.Single(), parsed.Entries.Single());
    }

    [Fact]
    public void With_ACopyOfAStoredManifest_IsNamedByItsOwnContent()
    {
        var parsed = ModuleManifest.TryParse(Built().Serialize())!;                             // Given

        var copy = parsed with { MainModule = "example.com/other" };                            // When

        Assert.Null(copy.Stored);                                                               // Then
        Assert.Equal(Digest.Of(copy.Serialize()), copy.Identity);
        Assert.NotEqual(parsed.Identity, copy.Identity);
        Assert.Equal("example.com/other", copy.MainModule);
        Assert.Equal(parsed.BuildList, copy.BuildList);
    }

    [Fact]
    public void TryParse_NotJson_IsNull() => Assert.Null(ModuleManifest.TryParse("{ nope"u8.ToArray()));
}
