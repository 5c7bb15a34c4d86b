using System.Diagnostics.CodeAnalysis;
using System.Text;
using Kiln.Core;

namespace Kiln.Go.Modules;

/// A parsed go.sum, read like cmd/go's readGoSum: blank lines skipped, hashes of any algorithm kept,
/// only `h1:` hashes used for lookups, and the old empty-go.mod-hash bug lines dropped.
public sealed record GoSumFile(string FileName, EquatableArray<GoSumLine> Lines)
{
    private const string EmptyGoModHash = "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=";

    private Dictionary<(ModuleVersion, bool), string>? _h1;

    /// Parses go.sum text; a line without exactly three fields throws a user KilnException with file:line.
    public static GoSumFile Parse(string fileName, string text)
    {
        var lines = new List<GoSumLine>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var f = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0) continue;
            if (f.Length != 3) throw GoModuleErrors.InvalidGoSum(fileName, number, $"wrong number of fields {f.Length}");
            if (f[2] == EmptyGoModHash) continue;
            var isGoMod = f[1].EndsWith("/go.mod", StringComparison.Ordinal);
            var version = isGoMod ? f[1][..^"/go.mod".Length] : f[1];
            lines.Add(new GoSumLine(new ModuleVersion(f[0], version), isGoMod, f[2], number));
        }
        return new GoSumFile(fileName, new EquatableArray<GoSumLine>(lines));
    }

    /// Parse over UTF-8 bytes.
    public static GoSumFile Parse(string fileName, ReadOnlySpan<byte> data) => Parse(fileName, Encoding.UTF8.GetString(data));

    /// The `h1:` hash of the module's zip, if go.sum has one (the first, as cmd/go checks it).
    public bool TryGetZipHash(ModuleVersion module, [NotNullWhen(true)] out string? hash) => TryGet(module, false, out hash);

    /// The `h1:` hash of the module's go.mod, if go.sum has one.
    public bool TryGetModHash(ModuleVersion module, [NotNullWhen(true)] out string? hash) => TryGet(module, true, out hash);

    private bool TryGet(ModuleVersion module, bool goMod, [NotNullWhen(true)] out string? hash)
    {
        _h1 ??= BuildIndex();
        return _h1.TryGetValue((module, goMod), out hash);
    }

    private Dictionary<(ModuleVersion, bool), string> BuildIndex()
    {
        var index = new Dictionary<(ModuleVersion, bool), string>();
        foreach (var line in Lines)
            if (line.Hash.StartsWith("h1:", StringComparison.Ordinal)) index.TryAdd((line.Module, line.IsGoMod), line.Hash);
        return index;
    }

    public bool Equals(GoSumFile? other) => other is not null && FileName == other.FileName && Lines.Equals(other.Lines);

    public override int GetHashCode() => HashCode.Combine(FileName, Lines);
}
