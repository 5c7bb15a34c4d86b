using Kiln.Engine;

namespace Kiln.Go.Rules;

/// Volatile: the settings of this run, as the session resolved them.
internal sealed class BuildSettingsRule(string settings) : IPersistentRule<BuildSettings, string>
{
    public string Kind => "go.settings/v1";
    public bool IsVolatile => true;
    public string EncodeKey(BuildSettings key) => "";
    public BuildSettings DecodeKey(string text) => new();
    public void WriteValue(TraceWriter writer, string value) => writer.String(value);
    public string ReadValue(TraceReader reader) => reader.String();
    public ValueTask<string> ComputeAsync(BuildSettings key, IRuleContext ctx, CancellationToken ct) => ValueTask.FromResult(settings);
}
