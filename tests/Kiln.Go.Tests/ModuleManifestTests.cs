using CsCheck;
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

/// TryParse reads what Serialize writes exactly as the serializer reads it back, for any manifest.
public class ModuleManifestReadPropertyTests
{
    private static readonly string[] Suffixes = ["", "+incompatible", "é\"\\/\u0001"];

    private static readonly Gen<string> Text = Gen.String[Gen.Char.AlphaNumeric, 0, 12]
        .Select(Gen.Int[0, 2], (a, i) => a + Suffixes[i]);

    private static readonly Gen<string?> MaybeText = Gen.Select(Gen.Bool, Text, (none, t) => none ? null : (string?)t);

    private static readonly Gen<ModuleManifest> Manifests =
        Gen.Select(Text, MaybeText,
            Gen.Select(Text, Text, MaybeText, MaybeText, MaybeText, (p, v, rp, rv, g) => new BuildListModule(p, v, rp, rv, g)).List[0, 6],
            Gen.Select(Text, Text, Text, Text, (k, p, v, h) => new ManifestEntry(k, new ModuleVersion(p, v), h)).List[0, 6],
            (main, go, list, entries) => new ModuleManifest(main, go, list, entries));

    [Fact]
    public void TryParse_OfSerialize_EqualsTheSerializersReading() =>
        Manifests.Sample(manifest =>
        {
            var bytes = manifest.Serialize();

            var read = ModuleManifest.TryParse(bytes)!;
            var expected = System.Text.Json.JsonSerializer.Deserialize(bytes, GoJson.Default.ModuleManifest)!;

            Assert.Equal(expected.MainModule, read.MainModule);
            Assert.Equal(expected.GoVersion, read.GoVersion);
            Assert.Equal(expected.BuildList, read.BuildList);
            Assert.Equal(expected.Entries, read.Entries);
            Assert.Equal(bytes, read.Serialize());
        });
}
