using System.Globalization;
using System.Text;

namespace Kiln.E2E.Tests;

/// Upstream conformance, the real oracle: modules of the corpus proxy unpacked as main modules, their own test
/// suites under `kiln test -short ./...` and `go test -short ./...`, their packages under `kiln build ./...` and
/// `go build ./...` (UpstreamModule). CI runs a fixed subset; `bench/upstream.sh` runs every module of the proxy
/// (KILN_UPSTREAM_REPORT names the report it writes) and prints the counts.
public sealed class UpstreamConformanceTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    /// Fixed, small and varied: a parser with testdata trees, a library with examples and benchmarks, one whose
    /// tests import other corpus modules.
    public static TheoryData<string> Subset => new(
        "github.com/BurntSushi/toml@v1.2.0",
        "github.com/Masterminds/semver/v3@v3.2.0");

    [Theory]
    [MemberData(nameof(Subset))]
    public async Task Module_SameVerdictsAndBuildAsGo(string module)
    {
        var outcome = await UpstreamModule.CompareAsync(module, System.IO.Path.Combine(fixture.Path, "upstream"), fixture.GoScratch, fixture.Kiln);

        Assert.Null(outcome.Skipped);
        Assert.True(outcome.GoBuilt);
        Assert.NotEmpty(outcome.GoVerdicts);
        Assert.True(outcome.Same, outcome.Differences() + "\n" + outcome.KilnOutput);
    }

    [Fact]
    public async Task EveryProxyModule_ReportOfSameDifferentAndSkipped()
    {
        var report = Environment.GetEnvironmentVariable("KILN_UPSTREAM_REPORT");
        Assert.SkipWhen(string.IsNullOrEmpty(report), "the whole set runs from bench/upstream.sh (KILN_UPSTREAM_REPORT)");

        // A report already there is resumed: the modules it lists are not run again.
        var lines = File.Exists(report) ? [.. File.ReadAllLines(report!).Where(l => !l.StartsWith('#'))] : new List<string> { "module\tresult\tdetail" };
        var done = lines.Skip(1).Select(l => l.Split('\t')[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var module in UpstreamModule.All(Corpus.ProxyDir).Where(m => !done.Contains(m)))
        {
            var o = await UpstreamModule.CompareAsync(module, System.IO.Path.Combine(fixture.Path, "upstream"), fixture.GoScratch, fixture.Kiln);
            lines.Add($"{module}\t{(o.Skipped is not null ? "skipped" : o.Same ? "same" : "different")}\t{o.Skipped ?? o.Differences()}");
            await File.WriteAllLinesAsync(report!, lines, TestContext.Current.CancellationToken); // as it goes: a long run shows progress
        }
        var results = lines.Skip(1).Select(l => l.Split('\t')[1]).ToList();
        var counts = string.Create(CultureInfo.InvariantCulture,
            $"same {results.Count(r => r == "same")}, different {results.Count(r => r == "different")}, skipped {results.Count(r => r == "skipped")}");
        TestContext.Current.SendDiagnosticMessage(counts);
        await File.AppendAllTextAsync(report!, "# " + counts + "\n", Encoding.UTF8, TestContext.Current.CancellationToken);
    }
}
