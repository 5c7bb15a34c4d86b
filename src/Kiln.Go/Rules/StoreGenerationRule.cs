using Kiln.Engine;
using Kiln.Store;

namespace Kiln.Go.Rules;

/// Volatile: the store's gc generation now.
internal sealed class StoreGenerationRule(LocalStore store) : IPersistentRule<StoreGeneration, string>
{
    public string Kind => "store.generation/v1";
    public bool IsVolatile => true;
    public string EncodeKey(StoreGeneration key) => "";
    public StoreGeneration DecodeKey(string text) => new();
    public void WriteValue(TraceWriter writer, string value) => writer.String(value);
    public string ReadValue(TraceReader reader) => reader.String();
    public ValueTask<string> ComputeAsync(StoreGeneration key, IRuleContext ctx, CancellationToken ct) => ValueTask.FromResult(store.GcGeneration);
}
