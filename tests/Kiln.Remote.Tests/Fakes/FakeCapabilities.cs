using Grpc.Core;
using Kiln.Remote.Reapi;

namespace Kiln.Remote.Tests.Fakes;

internal sealed class FakeCapabilities(FakeReapiState state) : Capabilities.CapabilitiesBase
{
    public override async Task<ServerCapabilities> GetCapabilities(GetCapabilitiesRequest request, ServerCallContext context)
    {
        await state.EnterAsync(context, "GetCapabilities");
        return new ServerCapabilities
        {
            CacheCapabilities = new CacheCapabilities
            {
                DigestFunctions = { DigestFunction.Types.Value.Sha256 },
                ActionCacheUpdateCapabilities = new ActionCacheUpdateCapabilities { UpdateEnabled = true },
                MaxBatchTotalSizeBytes = state.MaxBatchTotalSizeBytes,
            },
            HighApiVersion = new SemVer { Major = 2, Minor = 3 },
        };
    }
}
