namespace Kiln.Core.Tests;

public sealed class RunStatsTests
{
    [Fact]
    public void MaterializedPerAction_HundredActions_NearestRankPercentiles()
    {
        var stats = new RunStats();                                                          // Given
        foreach (var bytes in Enumerable.Range(1, 100).Reverse()) stats.ActionMaterialized(bytes * 10L);

        var (count, p50, p99, max) = stats.MaterializedPerAction();                           // When

        Assert.Equal((100, 500L, 990L, 1000L), (count, p50, p99, max));                       // Then
    }

    [Fact]
    public void MaterializedPerAction_NoneOrOne_ZerosOrThatValue()
    {
        var stats = new RunStats();
        Assert.Equal((0, 0L, 0L, 0L), stats.MaterializedPerAction());
        stats.ActionMaterialized(7);
        Assert.Equal((1, 7L, 7L, 7L), stats.MaterializedPerAction());
    }
}
