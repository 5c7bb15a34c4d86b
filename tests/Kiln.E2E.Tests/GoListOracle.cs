using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Kiln.E2E.Tests;

/// The real go command as the oracle: `go list -deps -test -json ./...` offline against the corpus proxy.
internal static class GoListOracle
{
    public static async Task<List<JsonElement>> ListAsync(ListFixture fixture, string workDir, IReadOnlyDictionary<string, string> env, string? tags)
    {
        var args = new List<string> { "list", "-e", "-deps", "-test", "-json" };
        if (tags is not null) args.AddRange(["-tags", tags]);
        args.Add("./...");
        var psi = new ProcessStartInfo(Path.Combine(Corpus.GoBin, "go"), args)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["PATH"] = $"{Corpus.GoBin}:/usr/bin:/bin";
        psi.Environment["GOPROXY"] = "file://" + Corpus.ProxyDir;
        psi.Environment["GOSUMDB"] = "off";
        psi.Environment["GOFLAGS"] = "-mod=readonly -modcacherw";
        psi.Environment["GOWORK"] = "off";
        psi.Environment["GOENV"] = "off";
        psi.Environment["GOTOOLCHAIN"] = "local";
        psi.Environment["GOMODCACHE"] = fixture.GoModCache;
        psi.Environment["GOCACHE"] = fixture.GoCache;
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(p.ExitCode == 0, $"go list failed: {await stderr}");
        return Parse(await stdout);
    }

    public static List<JsonElement> Parse(string stream)
    {
        var result = new List<JsonElement>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(stream), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            result.Add(doc.RootElement.Clone());
        }
        return result;
    }
}
