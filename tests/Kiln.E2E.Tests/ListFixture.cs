using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// One store and one go module cache shared by the `kiln list` tests of a class, so std and each module
/// are analysed (and downloaded) once for all of them, as on a developer's machine.
public sealed class ListFixture : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-e2e-list");

    public string Path => _temp.Path;
    public string StoreRoot => _temp.Combine("store");
    public string GoModCache => _temp.Combine("gomodcache");
    public string GoCache => SharedGoCache.Dir;

    internal KilnProcess Kiln => new(StoreRoot, new Dictionary<string, string> { ["GOPROXY"] = "file://" + Corpus.ProxyDir });

    public void Dispose() => _temp.Dispose();
}
