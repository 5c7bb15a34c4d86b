using System.Text.Json;

namespace Kiln.Go.Modules;

/// What one go.mod (with its go.sum) needs: its build list, and every store entry (module trees, go.mod and
/// `.info` files) that make its module graph available offline. Stored per (SDK, go.mod, go.sum) digest.
public sealed record ModuleManifest(string MainModule, string? GoVersion, IReadOnlyList<BuildListModule> BuildList, IReadOnlyList<ManifestEntry> Entries)
{
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, GoJson.Default.ModuleManifest);

    public static ModuleManifest? TryParse(byte[] json)
    {
        try { return JsonSerializer.Deserialize(json, GoJson.Default.ModuleManifest); }
        catch (JsonException) { return null; }
    }
}
