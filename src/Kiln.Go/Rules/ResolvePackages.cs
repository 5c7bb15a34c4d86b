using Kiln.Core;
using Kiln.Engine;
using Kiln.Go.Build;

namespace Kiln.Go.Rules;

/// The packages that patterns match, from a working directory, and everything they import (with their tests'
/// imports when `Tests`), as `go list -deps [-test]` resolves them for this run's build settings; without
/// `Deps`, the matches only (`go list`).
/// `KeepErrors`: packages in an import cycle carry it as their Error (`go list -e`) instead of failing the listing.
/// `Gcflags`, `Asmflags`: the values of the user's per-package flags (PerPackageFlag), which the graph's packages
/// carry (GoPackage.Gcflags), so a compile's key names them.
public sealed record ResolvePackages(string WorkingDirectory, EquatableArray<string> Patterns, bool Tests, bool Deps = true, bool KeepErrors = false)
    : IKey<LoadedGraph>
{
    public EquatableArray<string> Gcflags { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> Asmflags { get; init; } = EquatableArray<string>.Empty;

    public string Encode() => KeyText.Join([WorkingDirectory, KeyText.Flag(Tests) + KeyText.Flag(Deps) + KeyText.Flag(KeepErrors),
        KeyText.Join(Gcflags), KeyText.Join(Asmflags), .. Patterns]);

    public static ResolvePackages Decode(string text)
    {
        var parts = KeyText.Split(text);
        if (parts.Count < 4 || parts[1].Length != 3) throw new FormatException("malformed package graph key");
        return new ResolvePackages(parts[0], new EquatableArray<string>(parts.Skip(4)), parts[1][0] == '1', parts[1][1] == '1', parts[1][2] == '1')
        {
            Gcflags = new EquatableArray<string>(KeyText.Split(parts[2])),
            Asmflags = new EquatableArray<string>(KeyText.Split(parts[3])),
        };
    }

    /// The per-package flags this graph's packages get.
    public PerPackageFlag GcFlag => new("gcflags", Gcflags);
    public PerPackageFlag AsmFlag => new("asmflags", Asmflags);

    public override string ToString() => string.Join(" ", Patterns) + (Tests ? " (with tests)" : "");
}
