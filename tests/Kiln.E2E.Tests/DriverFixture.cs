using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// One store, one go module cache and one `gopackages` (x/tools' go/packages client, built from the corpus
/// proxy's golang.org/x/tools) shared by the packages-driver tests of a class.
public sealed class DriverFixture : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-e2e-driver");
    private readonly SemaphoreSlim _building = new(1, 1);
    private string? _goPackages;

    public string Path => _temp.Path;
    public string StoreRoot => _temp.Combine("store");
    public string DriverLog => _temp.Combine("driver.log");

    internal KilnProcess Kiln => new(StoreRoot, new Dictionary<string, string> { ["GOPROXY"] = "file://" + Corpus.ProxyDir });

    /// The go command's environment for the clients: the corpus proxy, this fixture's caches, no network.
    public Dictionary<string, string> GoEnv => new()
    {
        ["PATH"] = $"{Corpus.GoBin}:/usr/bin:/bin",
        ["HOME"] = _temp.Combine("home"),
        ["GOPROXY"] = "file://" + Corpus.ProxyDir,
        ["GOSUMDB"] = "off",
        ["GOFLAGS"] = "-mod=readonly -modcacherw",
        ["GOTOOLCHAIN"] = "local",
        ["GOWORK"] = "off",
        ["GOENV"] = "off",
        ["GOMODCACHE"] = _temp.Combine("gomodcache"),
        ["GOCACHE"] = SharedGoCache.Dir,
    };

    /// x/tools' gopackages command, built once.
    public async Task<string> GoPackagesAsync()
    {
        await _building.WaitAsync();
        try
        {
            if (_goPackages is not null) return _goPackages;
            var dir = Directory.CreateDirectory(_temp.Combine("gopackages")).FullName;
            File.WriteAllText(System.IO.Path.Combine(dir, "go.mod"), "module gpk\n\ngo 1.23\n");
            var env = new Dictionary<string, string>(GoEnv) { ["GOFLAGS"] = "-mod=mod -modcacherw" };
            await ChildProcess.RunAsync(dir, env, System.IO.Path.Combine(Corpus.GoBin, "go"), "get", "golang.org/x/tools@v0.5.0");
            await ChildProcess.RunAsync(dir, env, System.IO.Path.Combine(Corpus.GoBin, "go"), "build", "-o", "gopackages", "golang.org/x/tools/go/packages/gopackages");
            return _goPackages = System.IO.Path.Combine(dir, "gopackages");
        }
        finally
        {
            _building.Release();
        }
    }

    /// A GOPACKAGESDRIVER script running kiln on this fixture's store.
    public string DriverScript => File.Exists(_temp.Combine("kiln-driver")) ? _temp.Combine("kiln-driver")
        : Kiln.WriteDriverScript(_temp.Combine("kiln-driver"), DriverLog);

    public void Dispose()
    {
        _building.Dispose();
        _temp.Dispose();
    }
}
