using System.Text.Json.Serialization;
using Kiln.Go.Packages;

namespace Kiln.Cli.Rendering;

/// The JSON shapes the CLI prints, source-generated so that the NativeAOT `kiln` needs no reflection. Metadata
/// only: PackageJson changes each property's ShouldSerialize, which a generated fast path would bypass.
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(GoPackage))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class CliJson : JsonSerializerContext;
