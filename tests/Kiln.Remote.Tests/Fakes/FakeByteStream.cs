using Google.Protobuf;
using Grpc.Core;
using Kiln.Core;
using Kiln.Remote.ByteStream;

namespace Kiln.Remote.Tests.Fakes;

internal sealed class FakeByteStream(FakeReapiState state) : ByteStream.ByteStream.ByteStreamBase
{
    public override async Task Read(ReadRequest request, IServerStreamWriter<ReadResponse> responseStream, ServerCallContext context)
    {
        await state.EnterAsync(context, "ByteStream.Read");
        var digest = Parse(request.ResourceName);
        var data = state.Read(digest) ?? throw new RpcException(new Status(StatusCode.NotFound, "no such blob"));
        for (var offset = 0; offset < data.Length; offset += 16 << 10)
            await responseStream.WriteAsync(new ReadResponse { Data = ByteString.CopyFrom(data, offset, Math.Min(16 << 10, data.Length - offset)) });
    }

    public override async Task<WriteResponse> Write(IAsyncStreamReader<WriteRequest> requestStream, ServerCallContext context)
    {
        await state.EnterAsync(context, "ByteStream.Write");
        state.EnterWrite();
        string? name = null;
        using var buffer = new MemoryStream();
        await foreach (var chunk in requestStream.ReadAllAsync(context.CancellationToken))
        {
            name ??= chunk.ResourceName;
            if (chunk.WriteOffset != buffer.Length) throw new RpcException(new Status(StatusCode.InvalidArgument, "bad offset"));
            chunk.Data.WriteTo(buffer);
        }
        var digest = Parse(name ?? "");
        var bytes = buffer.ToArray();
        if (Digest.Of(bytes) != digest) throw new RpcException(new Status(StatusCode.InvalidArgument, "digest mismatch"));
        state.Blobs[digest] = bytes;
        return new WriteResponse { CommittedSize = bytes.Length };
    }

    /// `[instance/]blobs/hash/size` or `[instance/]uploads/uuid/blobs/hash/size`.
    private static Digest Parse(string resource)
    {
        var parts = resource.Split('/');
        var i = Array.LastIndexOf(parts, "blobs");
        if (i < 0 || i + 2 >= parts.Length || !Digest.TryParse($"{parts[i + 1]}/{parts[i + 2]}", out var d))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"bad resource name {resource}"));
        return d;
    }
}
