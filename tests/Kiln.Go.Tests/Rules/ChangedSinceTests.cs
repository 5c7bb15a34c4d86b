using Kiln.Go.Rules;
using Kiln.Store;

namespace Kiln.Go.Tests.Rules;

/// Whether a file may have changed after a rule began to read it: only a change time within the kernel's
/// timestamp coarseness of that moment, or later, counts; an edit made just before the run does not.
public sealed class ChangedSinceTests
{
    private static readonly DateTimeOffset ReadFrom = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static FileStamp ChangedAt(DateTimeOffset at, long extraNs = 0)
    {
        var ns = at.ToUnixTimeMilliseconds() * 1_000_000 + extraNs;
        return new FileStamp(Size: 10, MtimeNs: ns, CtimeNs: ns, Inode: 1, Mode: 0x81a4);
    }

    [Theory]
    [InlineData(-1000, false)]   // edited a second before: read as edited
    [InlineData(-30, false)]     // a script that edits then builds: the edit is older than a tick
    [InlineData(-10, true)]      // within a tick: the write may have landed after the read
    [InlineData(0, true)]
    [InlineData(500, true)]      // during the run
    public void ChangedSince_ChangeTimeAgainstTheReadStart(int offsetMs, bool expected)
    {
        var stamp = ChangedAt(ReadFrom.AddMilliseconds(offsetMs));         // Given

        var changed = GoRuleServices.ChangedSince(stamp, ReadFrom);           // When

        Assert.Equal(expected, changed);                                      // Then
    }

    [Fact]
    public void ChangedSince_OnlyTheChangeTimeMoved_Counts()
    {
        var stamp = ChangedAt(ReadFrom.AddSeconds(-5)) with { CtimeNs = ReadFrom.ToUnixTimeMilliseconds() * 1_000_000 };  // Given: chmod or a rename during the run

        Assert.True(GoRuleServices.ChangedSince(stamp, ReadFrom));          // When, Then
        Assert.False(GoRuleServices.ChangedSince(null, ReadFrom));
    }
}
