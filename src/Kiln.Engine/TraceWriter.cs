using System.Buffers.Binary;
using System.Text;
using Kiln.Core;

namespace Kiln.Engine;

/// A compact binary encoding for trace values: little-endian integers, length-prefixed UTF-8 strings.
public sealed class TraceWriter
{
    private readonly MemoryStream _buffer;

    /// `capacity`: the bytes expected, so a large trace is not copied as its buffer grows.
    public TraceWriter(int capacity = 0) => _buffer = new MemoryStream(capacity);

    /// What was written so far, without a copy.
    public ReadOnlySpan<byte> Written => _buffer.GetBuffer().AsSpan(0, (int)_buffer.Length);

    public TraceWriter Int(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    public TraceWriter Bool(bool value)
    {
        _buffer.WriteByte(value ? (byte)1 : (byte)0);
        return this;
    }

    public TraceWriter String(string? value)
    {
        if (value is null) return Int(-1);
        var bytes = Encoding.UTF8.GetBytes(value);
        Int(bytes.Length);
        _buffer.Write(bytes);
        return this;
    }

    public TraceWriter Bytes(ReadOnlySpan<byte> value)
    {
        Int(value.Length);
        _buffer.Write(value);
        return this;
    }

    /// default(Digest) round-trips as "no digest".
    public TraceWriter Digest(Digest value) => String(value.Hash).Int(value.SizeBytes);

    public TraceWriter Strings(IReadOnlyCollection<string> values)
    {
        Int(values.Count);
        foreach (var v in values) String(v);
        return this;
    }

    public byte[] ToArray() => _buffer.ToArray();
}
