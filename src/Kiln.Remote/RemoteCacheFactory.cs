using Kiln.Core;
using Kiln.Remote.HttpCache;
using Kiln.Remote.Reapi;
using Kiln.Store;

namespace Kiln.Remote;

/// Builds the remote cache a store uses: the protocol client for the URL, inside the circuit breaker.
public static class RemoteCacheFactory
{
    public static CircuitBreakerCache Create(RemoteCacheSettings settings, IBuildObserver observer, RunStats stats, string invocationId)
    {
        IRemoteCache client = settings.IsGrpc
            ? new GrpcRemoteCache(new UriBuilder(settings.Url) { Scheme = settings.Url.Scheme == "grpcs" ? "https" : "http", Path = "" }.Uri,
                settings.InstanceName, settings.Headers, invocationId)
            : new HttpRemoteCache(settings.Url, settings.Headers);
        return new CircuitBreakerCache(client, Describe(settings.Url), settings.Timeout, observer, stats);
    }

    /// The URL without credentials, for messages.
    public static string Describe(Uri url) => new UriBuilder(url) { UserName = "", Password = "" }.Uri.ToString().TrimEnd('/');
}
