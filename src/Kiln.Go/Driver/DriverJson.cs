using System.Text.Json.Serialization;

namespace Kiln.Go.Driver;

/// The driver protocol's JSON, source-generated for the NativeAOT `kiln`; absent fields are left out, as Go's
/// `omitempty` leaves them out of go/packages' own encoding.
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DriverRequest))]
[JsonSerializable(typeof(DriverResponse))]
public sealed partial class DriverJson : JsonSerializerContext;
