using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kiln.Remote.Tests.Fakes;

/// An in-process REAPI cache server (Kestrel, HTTP/2 without TLS, 127.0.0.1, a free port) with switchable faults.
internal sealed class FakeReapiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeReapiServer(WebApplication app, FakeReapiState state)
    {
        _app = app;
        State = state;
        Url = new Uri(app.Urls.First().Replace("http://", "grpc://", StringComparison.Ordinal));
    }

    public FakeReapiState State { get; }
    public Uri Url { get; }

    public static async Task<FakeReapiServer> StartAsync()
    {
        var state = new FakeReapiState();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0, lo => lo.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 64 << 20);
        builder.Services.AddSingleton(state);
        var app = builder.Build();
        app.MapGrpcService<FakeCapabilities>();
        app.MapGrpcService<FakeActionCache>();
        app.MapGrpcService<FakeCas>();
        app.MapGrpcService<FakeByteStream>();
        await app.StartAsync();
        return new FakeReapiServer(app, state);
    }

    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
