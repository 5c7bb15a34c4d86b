using Kiln.Core;
using Kiln.Engine;

namespace Kiln.Go.Rules;

/// The packages that patterns match, from a working directory, and everything they import (with their tests'
/// imports when `Tests`), as `go list -deps [-test]` resolves them for this run's build settings; without
/// `Deps`, the matches only (`go list`).
/// `KeepErrors`: packages in an import cycle carry it as their Error (`go list -e`) instead of failing the listing.
public sealed record ResolvePackages(string WorkingDirectory, EquatableArray<string> Patterns, bool Tests, bool Deps = true, bool KeepErrors = false)
    : IKey<LoadedGraph>
{
    public string Encode() => KeyText.Join([WorkingDirectory, KeyText.Flag(Tests) + KeyText.Flag(Deps) + KeyText.Flag(KeepErrors), .. Patterns]);

    public static ResolvePackages Decode(string text)
    {
        var parts = KeyText.Split(text);
        if (parts.Count < 2 || parts[1].Length != 3) throw new FormatException("malformed package graph key");
        return new ResolvePackages(parts[0], new EquatableArray<string>(parts.Skip(2)), parts[1][0] == '1', parts[1][1] == '1', parts[1][2] == '1');
    }

    public override string ToString() => string.Join(" ", Patterns) + (Tests ? " (with tests)" : "");
}
