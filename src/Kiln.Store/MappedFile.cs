using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Kiln.Store;

/// A file read by mapping it into memory, read-only, as one <see cref="ReadOnlyMemory{T}"/>. The kernel maps the
/// page-cache pages in on first touch, many at a time, where reading the file would fault in and zero fresh pages
/// one by one and then copy into them (on a virtual machine, most of the cost of reading a megabyte-sized file).
/// The mapping is never unmapped: it lives until the process exits, so no span taken from it can outlive it (for a
/// file read once per run, such as the trace database). Only for files that are replaced by rename, never rewritten
/// or truncated in place (a truncated mapped file faults on access).
public sealed unsafe class MappedFile : MemoryManager<byte>
{
    /// Below this a plain read is cheaper than setting up a mapping.
    private const long MapFrom = 64 * 1024;

    private readonly MemoryMappedViewAccessor _view;
    private readonly int _length;
    private readonly byte* _pointer;

    private MappedFile(MemoryMappedViewAccessor view, int length)
    {
        _view = view;
        _length = length;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + view.PointerOffset;
    }

    /// The file's bytes (mapped, or read when small). Throws what opening the file throws.
    public static ReadOnlyMemory<byte> Read(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(handle);
        if (length < MapFrom)
        {
            var small = new byte[length];
            var read = 0;
            while (read < small.Length && RandomAccess.Read(handle, small.AsSpan(read), read) is var n and > 0) read += n;
            return small.AsMemory(0, read);
        }
        if (length > int.MaxValue) throw new IOException($"{path} is larger than 2 GiB");
        using var map = MemoryMappedFile.CreateFromFile(handle, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        return new MappedFile(map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read), (int)length).Memory;
    }

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, _length);
        return new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin()
    {
    }

    /// Does nothing: the pointer taken in the constructor keeps the view's handle referenced, so even its own
    /// finalizer leaves the mapping in place.
    protected override void Dispose(bool disposing)
    {
    }
}
