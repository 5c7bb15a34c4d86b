using Grpc.Core;
using Kiln.Remote.Reapi;
using ActionResult = Kiln.Store.Reapi.ActionResult;

namespace Kiln.Remote.Tests.Fakes;

internal sealed class FakeActionCache(FakeReapiState state) : ActionCache.ActionCacheBase
{
    public override async Task<ActionResult> GetActionResult(GetActionResultRequest request, ServerCallContext context)
    {
        await state.EnterAsync(context, "GetActionResult");
        return state.ActionResults.TryGetValue(request.ActionDigest.Hash, out var result)
            ? result
            : throw new RpcException(new Status(StatusCode.NotFound, "no such action"));
    }

    public override async Task<ActionResult> UpdateActionResult(UpdateActionResultRequest request, ServerCallContext context)
    {
        await state.EnterAsync(context, "UpdateActionResult");
        state.EnterWrite();
        state.ActionResults[request.ActionDigest.Hash] = request.ActionResult;
        return request.ActionResult;
    }
}
