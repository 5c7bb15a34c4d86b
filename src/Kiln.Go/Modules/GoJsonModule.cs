using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiln.Go.Modules;

/// One object of the stream `go list -m -json` and `go mod download -json` print (field names are the go
/// command's). Paths in Dir, GoMod, Zip and Info are absolute inside the sandbox that ran the command.
public sealed class GoJsonModule
{
    public string Path { get; set; } = "";
    public string Version { get; set; } = "";
    public bool Main { get; set; }
    public bool Indirect { get; set; }
    public GoJsonModule? Replace { get; set; }
    public string? Dir { get; set; }
    public string? GoMod { get; set; }
    public string? GoVersion { get; set; }
    public string? Info { get; set; }
    public string? Zip { get; set; }
    public string? Sum { get; set; }
    public string? GoModSum { get; set; }
    [JsonConverter(typeof(ErrorConverter))]
    public string? Error { get; set; }

    /// Reads a stream of concatenated JSON objects.
    public static List<GoJsonModule> ParseStream(byte[] json)
    {
        var result = new List<GoJsonModule>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            var m = JsonSerializer.Deserialize(ref reader, GoJson.Default.GoJsonModule);
            if (m is not null) result.Add(m);
        }
        return result;
    }

    /// `go list -m -json` reports errors as {"Err": "..."} objects, `go mod download -json` as plain strings.
    internal sealed class ErrorConverter : JsonConverter<string?>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String) return reader.GetString();
            using var doc = JsonDocument.ParseValue(ref reader);
            return doc.RootElement.TryGetProperty("Err", out var err) ? err.GetString() : doc.RootElement.ToString();
        }

        public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
