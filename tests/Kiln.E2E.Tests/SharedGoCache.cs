[assembly: AssemblyFixture(typeof(Kiln.E2E.Tests.SharedGoCache))]

namespace Kiln.E2E.Tests;

/// The go command's build cache, shared by every oracle run of the test process: std and the corpus modules
/// compile once for go instead of once per test class (go's cache is safe for concurrent use and never changes
/// what go builds, only how long it takes). Deleted when the test run ends.
public sealed class SharedGoCache : IDisposable
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"kiln-e2e-go-{Environment.ProcessId}");

    /// `…/gocache`: the driver tests recognise go's cache files by that directory name.
    public static string Dir { get; } = Path.Combine(Root, "gocache");

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}
