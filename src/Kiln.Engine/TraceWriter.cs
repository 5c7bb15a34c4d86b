using System.Text;
using Kiln.Core;

namespace Kiln.Engine;

/// A compact binary encoding for trace values: zigzag varints, length-prefixed UTF-8 strings, each distinct
/// string written once (a repeat is a back-reference: import paths recur in every package's lists).
public sealed class TraceWriter
{
    private readonly MemoryStream _buffer;
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);

    /// `capacity`: the bytes expected, so a large trace is not copied as its buffer grows.
    public TraceWriter(int capacity = 0) => _buffer = new MemoryStream(capacity);

    /// What was written so far, without a copy.
    public ReadOnlySpan<byte> Written => _buffer.GetBuffer().AsSpan(0, (int)_buffer.Length);

    public TraceWriter Int(long value)
    {
        Span<byte> bytes = stackalloc byte[10];
        var raw = (ulong)((value << 1) ^ (value >> 63));
        var n = 0;
        while (raw >= 0x80)
        {
            bytes[n++] = (byte)(raw | 0x80);
            raw >>= 7;
        }
        bytes[n++] = (byte)raw;
        _buffer.Write(bytes[..n]);
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
        if (_strings.TryGetValue(value, out var seen)) return Int(-2L - seen);
        _strings.Add(value, _strings.Count);
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
