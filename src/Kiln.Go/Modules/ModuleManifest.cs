using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiln.Go.Modules;

/// What one go.mod (with its go.sum) needs: its build list, and every store entry (module trees, go.mod and
/// `.info` files) that make its module graph available offline. Stored per (SDK, go.mod, go.sum) digest.
public sealed record ModuleManifest(string MainModule, string? GoVersion, IReadOnlyList<BuildListModule> BuildList, IReadOnlyList<ManifestEntry> Entries)
{
    /// A copy (`with`) is a manifest of its own: it forgets the stored bytes it came from.
    private ModuleManifest(ModuleManifest original)
    {
        MainModule = original.MainModule;
        GoVersion = original.GoVersion;
        BuildList = original.BuildList;
        Entries = original.Entries;
    }

    /// The digest of the stored bytes this manifest was parsed from (null for one built in memory or copied).
    [JsonIgnore]
    public Core.Digest? Stored { get; private init; }

    /// What names this manifest in rule keys: the stored bytes' digest when there are any (nothing to compute),
    /// else the digest of its serialization.
    [JsonIgnore]
    public Core.Digest Identity => Stored ?? Core.Digest.Of(Serialize());

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, GoJson.Default.ModuleManifest);

    public static ModuleManifest? TryParse(byte[] json)
    {
        ModuleManifest? parsed;
        try { parsed = JsonSerializer.Deserialize(json, GoJson.Default.ModuleManifest); }
        catch (JsonException) { return null; }
        return parsed is null ? null : new ModuleManifest(parsed.MainModule, parsed.GoVersion, parsed.BuildList, parsed.Entries) { Stored = Core.Digest.Of(json) };
    }
}
