using System.Text;
using Kiln.Core;

namespace Kiln.Engine;

/// Reads what <see cref="TraceWriter"/> wrote; a truncated or malformed buffer throws
/// <see cref="InvalidDataException"/> (the trace database is then discarded, never trusted).
public sealed class TraceReader(ReadOnlyMemory<byte> data)
{
    private int _offset;
    private readonly List<string> _strings = [];

    public bool AtEnd => _offset == data.Length;

    /// A zigzag LEB128 varint, as <see cref="TraceWriter.Int"/> writes it.
    public long Int()
    {
        ulong raw = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = Take(1)[0];
            if (shift == 63 && b > 1) break;
            raw |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return (long)(raw >> 1) ^ -(long)(raw & 1);
        }
        throw new InvalidDataException("bad integer in trace");
    }

    public bool Bool() => Take(1)[0] switch
    {
        0 => false,
        1 => true,
        _ => throw new InvalidDataException("bad boolean in trace"),
    };

    public string? NullableString()
    {
        var length = Int();
        if (length == -1) return null;
        if (length <= -2)
        {
            // A string this reader has read before (see TraceWriter.String): one instance for every use.
            var index = -2 - length;
            return index < _strings.Count ? _strings[(int)index] : throw new InvalidDataException("bad string reference in trace");
        }
        if (length > data.Length - _offset) throw new InvalidDataException("bad string length in trace");
        var text = Encoding.UTF8.GetString(Take((int)length));
        _strings.Add(text);
        return text;
    }

    public string String() => NullableString() ?? throw new InvalidDataException("unexpected null string in trace");

    /// What <see cref="TraceWriter.Bytes"/> wrote, without a copy: a slice of the buffer being read.
    public ReadOnlyMemory<byte> Memory()
    {
        var length = Int();
        if (length < 0 || length > data.Length - _offset) throw new InvalidDataException("bad byte length in trace");
        var slice = data.Slice(_offset, (int)length);
        _offset += (int)length;
        return slice;
    }

    public Digest Digest()
    {
        var hash = NullableString();
        var size = Int();
        return hash is null ? default : new Digest(hash, size);
    }

    /// A count of items that follow: each takes at least a byte, so a count beyond the bytes left is malformed.
    public int Count()
    {
        var count = Int();
        if (count < 0 || count > data.Length - _offset) throw new InvalidDataException("bad count in trace");
        return (int)count;
    }

    /// What <see cref="Strings"/> reads, as an immutable array without a copy (one shared empty one for none).
    public System.Collections.Immutable.ImmutableArray<string> StringArray()
    {
        var count = Count();
        if (count == 0) return [];
        var result = new string[count];
        for (var i = 0; i < count; i++) result[i] = String();
        return System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(result);
    }

    public List<string> Strings()
    {
        var count = Count();
        var result = new List<string>(count);
        for (var i = 0; i < count; i++) result.Add(String());
        return result;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > data.Length - _offset) throw new InvalidDataException("trace ends early");
        var span = data.Span.Slice(_offset, count);
        _offset += count;
        return span;
    }
}
