using Kiln.Core;
using Kiln.Go.Build;

namespace Kiln.Go.Tests.Build;

/// gcBackendConcurrency of cmd/go/internal/work/gc.go (Go 1.23), case by case.
public class BackendConcurrencyTests
{
    [Theory]
    [InlineData(2, 2, null, null, 2)]      // some process parallelism: min(4, GOMAXPROCS)
    [InlineData(8, 16, null, null, 4)]
    [InlineData(1, 16, null, null, 16)]    // -p 1: no cap
    [InlineData(4, 16, "3", null, 3)]      // GOMAXPROCS set: it, not the CPUs
    [InlineData(4, 16, "0", null, 4)]      // GOMAXPROCS not positive: ignored, as the runtime does
    [InlineData(4, 16, "x", null, 4)]
    [InlineData(4, 16, null, "0", 1)]      // GO19CONCURRENTCOMPILATION=0: no -c
    [InlineData(4, 16, null, "1", 4)]
    [InlineData(4, 1, null, null, 1)]
    public void For_AsGoDecides(int jobs, int cpus, string? gomaxprocs, string? go19, int expected) =>
        Assert.Equal(expected, BackendConcurrency.For(jobs, cpus, gomaxprocs, go19));

    [Fact]
    public void For_BadGo19ConcurrentCompilation_IsAUserErrorNamingTheVariable()
    {
        var e = Assert.Throws<KilnException>(() => BackendConcurrency.For(2, 2, null, "yes"));

        Assert.Equal(ErrorKind.User, e.Kind);
        Assert.Contains(e.Details, d => d.Label == "GO19CONCURRENTCOMPILATION" && d.Value == "yes");
    }

    [Theory]
    [InlineData(1, new string[0])]
    [InlineData(4, new[] { "-c=4" })]
    public void Flags_OnlyAboveOne(int concurrency, string[] expected) =>
        Assert.Equal(expected, BackendConcurrency.Flags(concurrency));
}
