using System.Net;
using Google.Protobuf;
using Kiln.Core;
using Kiln.Store;
using ActionResult = Kiln.Store.Reapi.ActionResult;

namespace Kiln.Remote.HttpCache;

/// The Bazel HTTP cache protocol: `{prefix}/ac/{hash}` holds a serialized ActionResult, `{prefix}/cas/{hash}`
/// raw bytes; GET 200 is a hit, 404 a miss; PUT stores; HEAD tells whether a blob exists. The server is not
/// trusted: every body is checked against its digest.
public sealed class HttpRemoteCache : IRemoteCache, IDisposable
{
    private readonly HttpClient _http;
    private readonly string _base;
    private readonly SemaphoreSlim _concurrency;

    public HttpRemoteCache(Uri baseUri, IReadOnlyDictionary<string, string> headers, int maxConcurrency = 16)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            MaxConnectionsPerServer = maxConcurrency,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        foreach (var (name, value) in headers) _http.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        _base = baseUri.ToString().TrimEnd('/');
        _concurrency = new SemaphoreSlim(maxConcurrency);
    }

    public async Task<IReadOnlySet<Digest>> FindMissingAsync(IReadOnlyCollection<Digest> digests, CancellationToken ct)
    {
        var missing = new HashSet<Digest>();
        var checks = digests.Where(d => d.SizeBytes > 0).Distinct().Select(async d =>
        {
            using var response = await SendAsync(HttpMethod.Head, Cas(d), null, ct);
            return (d, Present: Expect(response, $"HEAD {Cas(d)}"));
        });
        foreach (var (d, present) in await Task.WhenAll(checks))
        {
            if (!present) missing.Add(d);
        }
        return missing;
    }

    public async Task<IReadOnlyDictionary<Digest, byte[]>> ReadBlobsAsync(IReadOnlyCollection<Digest> digests, CancellationToken ct)
    {
        var reads = digests.Distinct().Select(async d => (d, Bytes: d.SizeBytes == 0 ? [] : await GetAsync(Cas(d), ct)));
        var found = new Dictionary<Digest, byte[]>();
        foreach (var (d, bytes) in await Task.WhenAll(reads))
        {
            if (bytes is null) continue;
            if (bytes.Length != d.SizeBytes || Digest.Of(bytes) != d)
                throw new RemoteCacheException($"blob {d} from {Cas(d)} does not match its digest");
            found[d] = bytes;
        }
        return found;
    }

    public async Task WriteBlobsAsync(IReadOnlyDictionary<Digest, byte[]> blobs, CancellationToken ct) =>
        await Task.WhenAll(blobs.Where(b => b.Key.SizeBytes > 0).Select(b => PutAsync(Cas(b.Key), b.Value, ct)));

    public async Task<ActionResult?> GetActionResultAsync(ActionKey key, CancellationToken ct)
    {
        var bytes = await GetAsync(Ac(key), ct);
        if (bytes is null) return null;
        try { return ActionResult.Parser.ParseFrom(bytes); }
        catch (InvalidProtocolBufferException e) { throw new RemoteCacheException($"{Ac(key)} is not an ActionResult", e); }
    }

    public Task UpdateActionResultAsync(ActionKey key, ActionResult result, CancellationToken ct) =>
        PutAsync(Ac(key), result.ToByteArray(), ct);

    private string Cas(Digest d) => $"{_base}/cas/{d.Hash}";
    private string Ac(ActionKey key) => $"{_base}/ac/{key.Digest.Hash}";

    private async Task<byte[]?> GetAsync(string url, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, url, null, ct);
        if (!Expect(response, $"GET {url}")) return null;
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    private async Task PutAsync(string url, byte[] body, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Put, url, body, ct);
        if (!response.IsSuccessStatusCode) throw new RemoteCacheException($"PUT {url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
    }

    /// True for 200, false for 404; anything else is a misbehaving cache.
    private static bool Expect(HttpResponseMessage response, string what) => response.StatusCode switch
    {
        HttpStatusCode.OK => true,
        HttpStatusCode.NotFound => false,
        var other => throw new RemoteCacheException($"{what}: HTTP {(int)other} {response.ReasonPhrase}"),
    };

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, byte[]? body, CancellationToken ct)
    {
        await _concurrency.WaitAsync(ct);
        try
        {
            using var request = new HttpRequestMessage(method, url);
            if (body is not null) request.Content = new ByteArrayContent(body);
            try { return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct); }
            catch (HttpRequestException e) { throw new RemoteCacheException($"{method} {url}: {e.Message}", e); }
        }
        finally { _concurrency.Release(); }
    }

    public void Dispose()
    {
        _http.Dispose();
        _concurrency.Dispose();
    }
}
