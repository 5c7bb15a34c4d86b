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

    /// `stored`: the digest `json` was read and verified under, when it came from the store (saves hashing it again).
    public static ModuleManifest? TryParse(byte[] json, Core.Digest? stored = null)
    {
        try { return Read(json) with { Stored = stored ?? Core.Digest.Of(json) }; }
        catch (JsonException) { return null; }
    }

    /// What Serialize wrote, read directly with a Utf8JsonReader: every run reads a manifest, and the
    /// serializer's metadata for these types costs several times the reading. Properties the serializer writes
    /// but no constructor takes (BuildListModule.Source, IsLocalReplace) are skipped, as it skips them.
    private static ModuleManifest Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        Expect(ref reader, JsonTokenType.StartObject);
        string? main = null, go = null;
        List<BuildListModule>? buildList = null;
        List<ManifestEntry>? entries = null;
        while (NextProperty(ref reader) is { } name)
        {
            switch (name)
            {
                case "MainModule": main = Text(ref reader); break;
                case "GoVersion": go = Text(ref reader); break;
                case "BuildList": buildList = ReadArray(ref reader, ReadBuildListModule); break;
                case "Entries": entries = ReadArray(ref reader, ReadEntry); break;
                default: SkipValue(ref reader); break;
            }
        }
        if (reader.Read()) throw new JsonException("more than one JSON value");
        return new ModuleManifest(main ?? throw new JsonException("no MainModule"), go, buildList ?? [], entries ?? []);
    }

    private static BuildListModule ReadBuildListModule(ref Utf8JsonReader reader)
    {
        string? path = null, version = null, replacePath = null, replaceVersion = null, go = null;
        while (NextProperty(ref reader) is { } name)
        {
            switch (name)
            {
                case "Path": path = Text(ref reader); break;
                case "Version": version = Text(ref reader); break;
                case "ReplacePath": replacePath = Text(ref reader); break;
                case "ReplaceVersion": replaceVersion = Text(ref reader); break;
                case "GoVersion": go = Text(ref reader); break;
                default: SkipValue(ref reader); break;
            }
        }
        return new BuildListModule(path ?? throw new JsonException("a build list module without Path"), version ?? "", replacePath, replaceVersion, go);
    }

    private static ManifestEntry ReadEntry(ref Utf8JsonReader reader)
    {
        string? kind = null, hash = null, path = null, version = null;
        while (NextProperty(ref reader) is { } name)
        {
            switch (name)
            {
                case "Kind": kind = Text(ref reader); break;
                case "Hash": hash = Text(ref reader); break;
                case "Module":
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Module is not an object");
                    while (NextProperty(ref reader) is { } field)
                    {
                        switch (field)
                        {
                            case "Path": path = Text(ref reader); break;
                            case "Version": version = Text(ref reader); break;
                            default: SkipValue(ref reader); break;
                        }
                    }
                    break;
                default: SkipValue(ref reader); break;
            }
        }
        return new ManifestEntry(kind ?? throw new JsonException("an entry without Kind"), new ModuleVersion(path ?? "", version ?? ""), hash ?? "");
    }

    private delegate T ItemReader<out T>(ref Utf8JsonReader reader);

    private static List<T> ReadArray<T>(ref Utf8JsonReader reader, ItemReader<T> item)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        var items = new List<T>();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject) items.Add(item(ref reader));
        if (reader.TokenType != JsonTokenType.EndArray) throw new JsonException("an array of objects expected");
        return items;
    }

    /// The next property's name inside the current object, or null at its end.
    private static string? NextProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonException("truncated");
        return reader.TokenType switch
        {
            JsonTokenType.PropertyName => reader.GetString(),
            JsonTokenType.EndObject => null,
            _ => throw new JsonException("a property expected"),
        };
    }

    /// Skips the current property's value, whatever it is (a property a newer Kiln wrote).
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonException("truncated");
        reader.Skip();
    }

    /// The current property's value: a string or null.
    private static string? Text(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonException("truncated");
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new JsonException("a string expected"),
        };
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (!reader.Read() || reader.TokenType != token) throw new JsonException($"{token} expected");
    }
}
