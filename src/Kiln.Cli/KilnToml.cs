using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Kiln.Cli;

/// kiln.toml is read into Tomlyn's untyped model (KilnConfig walks it), through source-generated metadata so that
/// the NativeAOT `kiln` needs no reflection (Tomlyn turns its reflection fallback off under PublishAot).
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class KilnToml : TomlSerializerContext;
