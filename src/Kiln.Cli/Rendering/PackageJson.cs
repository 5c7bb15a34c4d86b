using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Kiln.Core;
using Kiln.Go.Packages;

namespace Kiln.Cli.Rendering;

/// A package as `go list -json` prints it: the go command's field names, tab-indented, empty fields omitted.
internal static class PackageJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        IndentCharacter = '\t',
        IndentSize = 1,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new ArrayConverter(), new MapConverter() },
        TypeInfoResolver = CliJson.Default.WithAddedModifier(OmitEmpty),
    };

    public static string Serialize(GoPackage package) => JsonSerializer.Serialize(package, (JsonTypeInfo<GoPackage>)Options.GetTypeInfo(typeof(GoPackage)));

    private static void OmitEmpty(JsonTypeInfo info)
    {
        foreach (var property in info.Properties)
        {
            property.ShouldSerialize = (_, value) => value switch
            {
                null => false,
                string s => s.Length > 0,
                bool b => b,
                EquatableArray<string> a => a.Count > 0,
                EquatableMap<string> m => m.Count > 0,
                _ => true,
            };
        }
    }

    private sealed class ArrayConverter : JsonConverter<EquatableArray<string>>
    {
        public override EquatableArray<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<List<string>>)options.GetTypeInfo(typeof(List<string>))) ?? []);

        public override void Write(Utf8JsonWriter writer, EquatableArray<string> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value) writer.WriteStringValue(item);
            writer.WriteEndArray();
        }
    }

    private sealed class MapConverter : JsonConverter<EquatableMap<string>>
    {
        public override EquatableMap<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<Dictionary<string, string>>)options.GetTypeInfo(typeof(Dictionary<string, string>))) ?? []);

        public override void Write(Utf8JsonWriter writer, EquatableMap<string> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var (k, v) in value) writer.WriteString(k, v);
            writer.WriteEndObject();
        }
    }
}
