using System.Text.Json;
using Kiln.Core;
using Kiln.Exec;
using Kiln.Store;

namespace Kiln.Go.Sdk;

/// Finds the `go` binary (kiln.toml's `[go] sdk`, else PATH) and reads `go env -json` once per binary: the
/// answer is kept as a local store mark keyed by the binary's path, size and mtime (the environment it runs
/// with is fixed), so later runs start no process.
public sealed class GoSdkLocator(LocalStore store, JobLimiter jobs)
{
    private const string EnvMark = "go-env";
    private readonly Dictionary<string, GoSdk> _cache = new(StringComparer.Ordinal);

    public static string FindBinary(string? configured, IEnumerable<string> searchPath)
    {
        if (configured is not null)
        {
            var path = System.IO.Directory.Exists(configured) ? Path.Combine(configured, "bin", "go") : configured;
            return File.Exists(path) ? Path.GetFullPath(path) : throw GoSdkErrors.ConfiguredMissing(configured);
        }
        var dirs = searchPath.ToList();
        return dirs.Select(d => Path.Combine(d, "go")).FirstOrDefault(File.Exists) ?? throw GoSdkErrors.NotFound(dirs);
    }

    public async Task<GoSdk> LocateAsync(string? configured, IEnumerable<string> searchPath, CancellationToken ct)
    {
        var go = FindBinary(configured, searchPath);
        lock (_cache)
        {
            if (_cache.TryGetValue(go, out var known)) return known;
        }
        var mark = EnvMarkKey(go);
        if (store.TryReadMark(EnvMark, mark) is { } remembered && TryParse(go, System.Text.Encoding.UTF8.GetString(remembered)) is { } cached)
        {
            lock (_cache) _cache[go] = cached;
            return cached;
        }
        var empty = store.PutDirectory(new Store.Reapi.Directory());
        using var session = SandboxSession.Open(store, empty, jobs);
        var env = new Dictionary<string, string>
        {
            ["HOME"] = "{sandbox}",
            ["GOENV"] = "off",
            ["GOTOOLCHAIN"] = "local",
            ["GOWORK"] = "off",
            ["GOPATH"] = "{sandbox}/gopath",
            ["GOCACHE"] = "{sandbox}/gocache",
            ["PATH"] = Path.GetDirectoryName(go)!,
        };
        var outcome = await session.RunAsync([go, "env", "-json"], env, "", TimeSpan.FromMinutes(1), "go env -json", ct);
        if (!outcome.Succeeded) throw GoSdkErrors.EnvFailed(go, outcome.StderrText);
        var sdk = Parse(go, outcome.StdoutText);
        store.PutMark(EnvMark, mark, System.Text.Encoding.UTF8.GetBytes(outcome.StdoutText));
        lock (_cache) _cache[go] = sdk;
        return sdk;
    }

    private static Digest EnvMarkKey(string go)
    {
        var file = new FileInfo(go);
        var real = file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? file;
        return new KeyHasher("go-env/v1").Line("go", go, real.FullName, real.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            real.LastWriteTimeUtc.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)).Finish();
    }

    private static GoSdk? TryParse(string go, string json)
    {
        try { return Parse(go, json); }
        catch (KilnException) { return null; }
    }

    internal static GoSdk Parse(string go, string json)
    {
        Dictionary<string, string> values;
        try { values = ReadStringObject(json); }
        catch (JsonException e) { throw GoSdkErrors.BadEnvJson(go, e.Message); }
        string Get(string name) => values.TryGetValue(name, out var v) ? v : throw GoSdkErrors.BadEnvJson(go, $"no {name}");
        return new GoSdk(go, Get("GOROOT"), Get("GOVERSION"), Get("GOOS"), Get("GOARCH"), Get("CGO_ENABLED") == "1",
            new EquatableMap<string>(values));
    }

    /// `go env -json`'s one object of string values, read directly: every run reads it, and the serializer's
    /// metadata for it would cost more than the reading.
    private static Dictionary<string, string> ReadStringObject(string json)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        if (!reader.Read()) throw new JsonException("empty output");
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("not a JSON object");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String) throw new JsonException($"{name} is not a string");
            values[name] = reader.GetString()!;
        }
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) throw new JsonException("more than one JSON object");
        return values;
    }
}
