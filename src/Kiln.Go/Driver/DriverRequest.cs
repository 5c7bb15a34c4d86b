using System.Text.Json.Serialization;

namespace Kiln.Go.Driver;

/// What go/packages writes to a GOPACKAGESDRIVER's stdin (its `driverRequest`). Overlay maps a file path
/// (absolute, or relative to the driver's working directory) to the editor's unsaved contents (base64 in JSON).
public sealed class DriverRequest
{
    [JsonPropertyName("mode")] public LoadMode Mode { get; set; }
    [JsonPropertyName("env")] public List<string>? Env { get; set; }
    [JsonPropertyName("build_flags")] public List<string>? BuildFlags { get; set; }
    [JsonPropertyName("tests")] public bool Tests { get; set; }
    [JsonPropertyName("overlay")] public Dictionary<string, byte[]>? Overlay { get; set; }

    /// Whether the answer carries compiled export data (go/packages' usesExportData: `go list -export`).
    [JsonIgnore]
    public bool WantsExportData => Mode.HasFlag(LoadMode.NeedExportFile) || Mode.HasFlag(LoadMode.NeedTypes) && !Mode.HasFlag(LoadMode.NeedDeps);

    /// Whether the answer carries type sizes (as the go command's driver adds them).
    [JsonIgnore]
    public bool WantsSizes => (Mode & (LoadMode.NeedTypes | LoadMode.NeedTypesSizes)) != 0;

    /// Whether dependencies are listed (`go list -deps`, which go/packages asks for whenever it needs imports).
    [JsonIgnore]
    public bool WantsDeps => Mode.HasFlag(LoadMode.NeedImports);
}
