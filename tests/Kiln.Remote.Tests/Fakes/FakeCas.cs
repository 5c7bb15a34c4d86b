using Google.Protobuf;
using Grpc.Core;
using Kiln.Remote.Reapi;
using Kiln.Store;
using RpcStatus = Kiln.Remote.Rpc.Status;

namespace Kiln.Remote.Tests.Fakes;

internal sealed class FakeCas(FakeReapiState state) : ContentAddressableStorage.ContentAddressableStorageBase
{
    public override async Task<FindMissingBlobsResponse> FindMissingBlobs(FindMissingBlobsRequest request, ServerCallContext context)
    {
        await state.EnterAsync(context, "FindMissingBlobs");
        var response = new FindMissingBlobsResponse();
        response.MissingBlobDigests.AddRange(request.BlobDigests.Where(d => d.SizeBytes > 0 && !state.Blobs.ContainsKey(LocalStore.FromProto(d))));
        return response;
    }

    public override async Task<BatchUpdateBlobsResponse> BatchUpdateBlobs(BatchUpdateBlobsRequest request, ServerCallContext context)
    {
        await state.EnterAsync(context, "BatchUpdateBlobs");
        state.EnterWrite();
        var response = new BatchUpdateBlobsResponse();
        foreach (var r in request.Requests)
        {
            var d = LocalStore.FromProto(r.Digest);
            var ok = Core.Digest.Of(r.Data.Span) == d;
            if (ok) state.Blobs[d] = r.Data.ToByteArray();
            response.Responses.Add(new BatchUpdateBlobsResponse.Types.Response
            {
                Digest = r.Digest,
                Status = new RpcStatus { Code = ok ? 0 : (int)StatusCode.InvalidArgument, Message = ok ? "" : "digest mismatch" },
            });
        }
        return response;
    }

    public override async Task<BatchReadBlobsResponse> BatchReadBlobs(BatchReadBlobsRequest request, ServerCallContext context)
    {
        await state.EnterAsync(context, "BatchReadBlobs");
        if (state.BatchReadUnimplemented) throw new RpcException(new Status(StatusCode.Unimplemented, "use ByteStream"));
        var response = new BatchReadBlobsResponse();
        foreach (var d in request.Digests)
        {
            var data = state.Read(LocalStore.FromProto(d));
            response.Responses.Add(new BatchReadBlobsResponse.Types.Response
            {
                Digest = d,
                Data = data is null ? ByteString.Empty : ByteString.CopyFrom(data),
                Status = new RpcStatus { Code = data is null ? (int)StatusCode.NotFound : 0 },
            });
        }
        return response;
    }
}
