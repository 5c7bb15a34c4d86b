namespace Kiln.E2E.Tests;

/// `kiln test IMPORT_PATH` for packages of third-party modules (their own _test.go files and testdata, run in
/// the module's stored tree) against `go test` on the same packages: the same per-package verdicts and the
/// same pass/fail/skip events per test name.
public sealed partial class TestCommandTests
{
    /// One package of each of 7 modules of the medium workspace's build list whose tests are quick with
    /// -short and need no network (chi and go.uber.org/atomic pass too but take 30-70 s, so are left out; hcl's
    /// scanner, cast, mapstructure, gotenv, properties and x/text's transform pass too, and are left out to keep
    /// CI short).
    private static readonly string[] ThirdPartyPackages =
    [
        "github.com/beorn7/perks/quantile",
        "github.com/cespare/xxhash/v2",
        "google.golang.org/protobuf/encoding/protowire",
        "github.com/prometheus/common/model",
        "github.com/google/uuid",
        "go.uber.org/multierr",
        "gopkg.in/yaml.v2",
    ];

    [Fact]
    public async Task Test_ThirdPartyModulePackages_SameVerdictsAndTestEventsAsGoTest()
    {
        var ws = Corpus.CopyWorkspace("medium", System.IO.Path.Combine(fixture.Path, "test-3p-ws", "medium"));   // Given
        var env = new Dictionary<string, string>(); // both tools at their default CGO_ENABLED

        var run = await fixture.Kiln.RunAsync(ws, ["test", "-short", "--json", "--allow-download", .. ThirdPartyPackages]); // When
        var (goExit, goOut, goErr) = await GoTool.TryRunAsync(ws, fixture.GoScratch, env, ["test", "-short", "-json", .. ThirdPartyPackages]);

        Assert.True(goExit == 0, goErr);                                                                 // Then
        Assert.True(run.ExitCode == 0, run.Stderr);
        var events = TestEvents.Parse(run.Stdout);
        Assert.Equal(TestEvents.Terminal(TestEvents.Parse(goOut)), TestEvents.Terminal(events));
        Assert.Equal(ThirdPartyPackages.Order(StringComparer.Ordinal),
            events.Where(e => e is { Action: "pass", Test.Length: 0 }).Select(e => e.Package).Order(StringComparer.Ordinal));
        Assert.All(ThirdPartyPackages, p => Assert.Contains(events, e => e.Package == p && e.Action == "pass" && e.Test.Length > 0));
    }
}
