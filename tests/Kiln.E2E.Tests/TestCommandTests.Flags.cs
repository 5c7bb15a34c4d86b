namespace Kiln.E2E.Tests;

/// go test's -list (cacheable, runs nothing) and -benchmem (uncacheable), compared with go test.
public sealed partial class TestCommandTests
{
    [Fact]
    public async Task Test_ListAndBenchmem_PrintWhatGoTestPrints()
    {
        var ws = Synthetic();                                                                             // Given
        var go = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "test", "./lib", "-list", "Msg|Internal");

        var list = await fixture.Kiln.RunAsync(ws, "test", "./lib", "-list", "Msg|Internal", "--allow-download");   // When
        var again = await fixture.Kiln.RunAsync(ws, "test", "./lib", "-list", "Msg|Internal");
        var bench = await fixture.Kiln.RunAsync(ws, "test", "./lib", "-run", "^$", "-bench", ".", "-benchmem", "-benchtime", "10x");

        Assert.Equal(0, go.ExitCode);                                                                    // Then
        Assert.True(list.ExitCode == 0, list.ToString());
        static string Names(string stdout) => string.Join('\n', stdout.Split('\n').Where(l => !l.StartsWith("ok  ", StringComparison.Ordinal)));
        Assert.Contains("BenchmarkMsg", go.Stdout, StringComparison.Ordinal);
        Assert.Equal(Names(go.Stdout), Names(list.Stdout));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("(cached)", TestVerdicts.Times(again.Stdout)["example.com/syn/lib"]);
        Assert.Equal(Names(go.Stdout), Names(again.Stdout));
        Assert.True(bench.ExitCode == 0, bench.ToString());
        Assert.Matches(@"BenchmarkMsg\S*\s+10\s+[\d.]+ ns/op\s+\d+ B/op\s+\d+ allocs/op", bench.Stdout);
    }
}
