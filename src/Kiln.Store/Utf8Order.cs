using System.Text;

namespace Kiln.Store;

/// REAPI orders names by their UTF-8 bytes (code-point order), which differs from UTF-16 ordinal
/// order for characters above U+FFFF compared with U+E000..U+FFFF.
internal sealed class Utf8Order : IComparer<string>
{
    public static readonly Utf8Order Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        return Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y));
    }
}
