namespace Kiln.Go.Test;

/// test2json's lineBuffer: splits a byte stream into lines for `line`, handing over `part` the pieces of a
/// line longer than the buffer, a benchmark name up to its tab (so the name is printed before the
/// benchmark's result arrives) and the remainder at Flush. A ^V marker after the first byte ends a line.
internal sealed class TestJsonLineBuffer(int capacity, TestJsonLineBuffer.Sink line, TestJsonLineBuffer.Sink part)
{
    public delegate void Sink(ReadOnlySpan<byte> data);

    private readonly byte[] _b = new byte[capacity];
    private int _len;
    private bool _mid;

    public void Write(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            var m = Math.Min(data.Length, _b.Length - _len);
            data[..m].CopyTo(_b.AsSpan(_len));
            _len += m;
            data = data[m..];

            var i = 0;
            while (i < _len)
            {
                var (j, w) = IndexEol(_b.AsSpan(i, _len - i));
                if (j < 0)
                {
                    if (!_mid)
                    {
                        var tab = _b.AsSpan(i, _len - i).IndexOf((byte)'\t');
                        if (tab >= 0 && IsBenchmarkName(_b.AsSpan(i, tab).TrimEnd((byte)' ')))
                        {
                            part(_b.AsSpan(i, tab + 1));
                            _mid = true;
                            i += tab + 1;
                        }
                    }
                    break;
                }
                var e = i + j + w;
                if (_mid)
                {
                    part(_b.AsSpan(i, e - i));
                    _mid = false;
                }
                else line(_b.AsSpan(i, e - i));
                i = e;
            }

            if (i == 0 && _len == _b.Length)
            {
                var t = TrimUtf8(_b.AsSpan(0, _len));
                part(_b.AsSpan(0, t));
                _b.AsSpan(t, _len - t).CopyTo(_b);
                _len -= t;
                _mid = true;
            }
            if (i > 0)
            {
                _b.AsSpan(i, _len - i).CopyTo(_b);
                _len -= i;
            }
        }
    }

    public void Flush()
    {
        if (_len == 0) return;
        part(_b.AsSpan(0, _len));
        _len = 0;
    }

    private static (int Pos, int Width) IndexEol(ReadOnlySpan<byte> b)
    {
        for (var i = 0; i < b.Length; i++)
        {
            if (b[i] == '\n') return (i, 1);
            if (b[i] == TestJsonConverter.Marker && i > 0) return (i, 0);
        }
        return (-1, 0);
    }

    private static bool IsBenchmarkName(ReadOnlySpan<byte> b)
    {
        if (!b.StartsWith("Benchmark"u8)) return false;
        if (b.Length == "Benchmark".Length) return true;
        System.Text.Rune.DecodeFromUtf8(b["Benchmark".Length..], out var r, out _);
        return !System.Text.Rune.IsLower(r);
    }

    /// The length of b without an incomplete UTF-8 sequence at its end.
    private static int TrimUtf8(ReadOnlySpan<byte> b)
    {
        for (var i = 1; i < 4 && i <= b.Length; i++)
        {
            var c = b[^i];
            if ((c & 0xc0) == 0x80) continue;
            if ((c & 0xe0) == 0xc0 && i < 2) return b.Length - i;
            if ((c & 0xf0) == 0xe0 && i < 3) return b.Length - i;
            if ((c & 0xf8) == 0xf0 && i < 4) return b.Length - i;
            break;
        }
        return b.Length;
    }
}
