namespace Kiln.Go.Modules;

/// Orders strings by their UTF-8 bytes, as Go's sort.Strings does (UTF-16 ordinal differs above U+FFFF).
internal sealed class Utf8Ordinal : IComparer<string>
{
    public static Utf8Ordinal Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var xe = x.EnumerateRunes().GetEnumerator();
        var ye = y.EnumerateRunes().GetEnumerator();
        while (true)
        {
            var (hx, hy) = (xe.MoveNext(), ye.MoveNext());
            if (!hx || !hy) return hx == hy ? 0 : hx ? 1 : -1;
            // UTF-8 byte order equals code point order.
            var c = xe.Current.Value.CompareTo(ye.Current.Value);
            if (c != 0) return c;
        }
    }
}
