using Kiln.Exec;
using Kiln.Go.Sdk;
using Kiln.Store;
using Kiln.Testing;

namespace Kiln.Go.Tests.Sdk;

/// `go env -json` runs once per store and go binary; later runs read the remembered answer, and a damaged one
/// is asked again rather than trusted.
public sealed class GoSdkLocatorTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-sdk");

    public void Dispose() => _temp.Dispose();

    private static string GoDir => Path.GetDirectoryName(GoTool.GoBinary)!;

    [Fact]
    public async Task Locate_InALaterRun_ReadsTheRememberedGoEnv_AndADamagedOneIsAskedAgain()
    {
        var root = _temp.Combine("store");
        var first = await new GoSdkLocator(new LocalStore(root), new JobLimiter(1)).LocateAsync(null, [GoDir], CancellationToken.None);
        var marks = Directory.GetFiles(Path.Combine(root, "marks", "go-env"), "*", SearchOption.AllDirectories);
        Assert.Single(marks);

        var later = await new GoSdkLocator(new LocalStore(root), new JobLimiter(1)).LocateAsync(null, [GoDir], CancellationToken.None);
        File.WriteAllText(marks[0], "{ not json");
        var repaired = await new GoSdkLocator(new LocalStore(root), new JobLimiter(1)).LocateAsync(null, [GoDir], CancellationToken.None);

        foreach (var sdk in new[] { later, repaired })                  // GOCACHE and the like name each run's sandbox
        {
            Assert.Equal(first.Identity, sdk.Identity);
            Assert.Equal(first.Env["GOTOOLDIR"], sdk.Env["GOTOOLDIR"]);
        }
        Assert.StartsWith("go1.23", first.Version, StringComparison.Ordinal);
        Assert.StartsWith("{", File.ReadAllText(marks[0]).TrimStart(), StringComparison.Ordinal);
        Assert.Contains("\"GOROOT\"", File.ReadAllText(marks[0]), StringComparison.Ordinal);
    }
}
