using System.Buffers.Binary;
using System.Text;
using Kiln.Core;

namespace Kiln.Engine;

/// Reads what <see cref="TraceWriter"/> wrote; a truncated or malformed buffer throws
/// <see cref="InvalidDataException"/> (the trace database is then discarded, never trusted).
public sealed class TraceReader(ReadOnlyMemory<byte> data)
{
    private int _offset;
    private Dictionary<string, string>? _interned;

    public bool AtEnd => _offset == data.Length;

    public long Int()
    {
        var value = BinaryPrimitives.ReadInt64LittleEndian(Take(8));
        return value;
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
        if (length < 0 || length > data.Length - _offset) throw new InvalidDataException("bad string length in trace");
        var bytes = Take((int)length);
        if (length > MaxInterned) return Encoding.UTF8.GetString(bytes);
        // Values repeat strings (import paths in every dependent's lists): one instance each per reader.
        Span<char> chars = stackalloc char[MaxInterned];
        var text = chars[..Encoding.UTF8.GetChars(bytes, chars)];
        var lookup = (_interned ??= []).GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var interned)) return interned;
        interned = new string(text);
        _interned.Add(interned, interned);
        return interned;
    }

    private const int MaxInterned = 256;

    public string String() => NullableString() ?? throw new InvalidDataException("unexpected null string in trace");

    public byte[] Bytes()
    {
        var length = Int();
        if (length < 0 || length > data.Length - _offset) throw new InvalidDataException("bad byte length in trace");
        return Take((int)length).ToArray();
    }

    /// Like <see cref="Bytes"/>, without a copy: a slice of the buffer being read.
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

    public List<string> Strings()
    {
        var count = Count();
        var result = new List<string>((int)count);
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
