using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// One store and one go scratch directory shared by the `kiln build` tests of a class, so std and each
/// third-party package compile once for all of them.
public sealed class BuildFixture : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-e2e-build");

    public string Path => _temp.Path;
    public string StoreRoot => _temp.Combine("store");
    public string GoScratch => _temp.Combine("go");

    internal KilnProcess Kiln => new(StoreRoot, new Dictionary<string, string> { ["GOPROXY"] = "file://" + Corpus.ProxyDir });

    public void Dispose()
    {
        GoTool.MakeDeletable(GoScratch);
        _temp.Dispose();
    }
}
