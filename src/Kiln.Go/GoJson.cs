using System.Text.Json;
using System.Text.Json.Serialization;
using Kiln.Go.Modules;
using Kiln.Go.Packages;
using Kiln.Go.Test;

namespace Kiln.Go;

/// Every JSON shape Kiln.Go reads or writes, source-generated so that the NativeAOT `kiln` needs no reflection.
/// Options are System.Text.Json's defaults (as the reflection-based calls used before), so the bytes written,
/// some of which are action inputs and thus part of cache keys, are unchanged. `object` values are written by
/// their runtime type, so each type that appears as one (string, bool, the embedcfg maps) is listed.
[JsonSerializable(typeof(GoJsonModule))]
[JsonSerializable(typeof(GoListPackage))]
[JsonSerializable(typeof(ModuleManifest))]
[JsonSerializable(typeof(CoverMetaFiles))]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(SortedDictionary<string, object>))]
[JsonSerializable(typeof(SortedDictionary<string, List<string>>))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
internal sealed partial class GoJson : JsonSerializerContext
{
    /// The same shapes, indented (two spaces), as `JsonSerializerOptions { WriteIndented = true }` writes them.
    public static GoJson Indented { get; } = new(new JsonSerializerOptions { WriteIndented = true });
}
