using Kiln.Core;
using Kiln.Engine;
using Kiln.Go.Build;

namespace Kiln.Go.Rules;

/// Volatile: runs pkg-config every run (a .pc file, PKG_CONFIG_PATH or an installed library may have changed
/// since); the compiles that depend on it re-run only when the flags it prints changed (early cutoff).
internal sealed class PkgConfigRule(GoRuleServices services) : IPersistentRule<PkgConfigQuery, PkgConfig.Flags>
{
    public string Kind => "go.pkgconfig/v1";
    public bool IsVolatile => true;
    public string EncodeKey(PkgConfigQuery key) => KeyText.Join([key.ImportPath, key.Dir, .. key.Directives]);

    public PkgConfigQuery DecodeKey(string text)
    {
        var parts = KeyText.Split(text);
        if (parts.Count < 2) throw new FormatException("malformed pkg-config key");
        return new(parts[0], parts[1], new EquatableArray<string>(parts.Skip(2)));
    }

    public void WriteValue(TraceWriter writer, PkgConfig.Flags value) => writer.Strings(value.CFlags).Strings(value.LdFlags);

    public PkgConfig.Flags ReadValue(TraceReader reader) => new(new EquatableArray<string>(reader.Strings()), new EquatableArray<string>(reader.Strings()));

    public ValueTask<PkgConfig.Flags> ComputeAsync(PkgConfigQuery key, IRuleContext ctx, CancellationToken ct) =>
        ValueTask.FromResult(services.Builder.PkgConfigOf(key.ImportPath, key.Dir, key.Directives));
}
