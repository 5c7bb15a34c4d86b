using Kiln.Go.Rules;
using Kiln.Store;

namespace Kiln.Go.Tests.Rules;

/// Whether a file may have changed after a rule began to read it: a change or modification time at or after
/// the file clock's reading at that moment counts; an edit made before does not.
public sealed class ChangedSinceTests : IDisposable
{
    private const long ReadFrom = 1_700_000_000_123_000_000;
    private readonly string _dir = Directory.CreateTempSubdirectory("kiln-changed-since-").FullName;

    private static FileStamp ChangedAt(long ns) => new(Size: 10, MtimeNs: ns, CtimeNs: ns, Inode: 1, Mode: 0x81a4);

    [Theory]
    [InlineData(-1_000_000_000L, false)]   // edited a second before
    [InlineData(-30_000_000L, false)]      // a script that edits then builds at once
    [InlineData(-1L, false)]               // an earlier tick of the file clock
    [InlineData(0L, true)]                 // the same tick: the write may have landed after the read
    [InlineData(500_000_000L, true)]       // during the run
    public void ChangedSince_ChangeTimeAgainstTheReadStart(long offsetNs, bool expected)
    {
        var stamp = ChangedAt(ReadFrom + offsetNs);                          // Given

        var changed = GoRuleServices.ChangedSince(stamp, ReadFrom);           // When

        Assert.Equal(expected, changed);                                      // Then
    }

    [Fact]
    public void ChangedSince_OnlyTheChangeTimeMoved_Counts_AndWholeSecondsCompareBySecond()
    {
        var stamp = ChangedAt(ReadFrom - 5_000_000_000) with { CtimeNs = ReadFrom };   // Given: chmod or a rename during the run

        Assert.True(GoRuleServices.ChangedSince(stamp, ReadFrom));                     // When, Then
        Assert.False(GoRuleServices.ChangedSince(null, ReadFrom));
        var wholeSecond = ReadFrom - ReadFrom % 1_000_000_000;                          // a file system of whole seconds
        Assert.True(GoRuleServices.ChangedSince(ChangedAt(wholeSecond), ReadFrom));
        Assert.False(GoRuleServices.ChangedSince(ChangedAt(wholeSecond - 1_000_000_000), ReadFrom));
    }

    [Fact]
    public void FileClock_AFileWrittenAfterAReading_IsChanged_OneWrittenTicksBefore_IsNot()
    {
        var before = Path.Combine(_dir, "before.go");                           // Given: the kernel's own stamps
        File.WriteAllText(before, "package a\n");
        Thread.Sleep(50);                                                       // several ticks at any HZ

        var readFrom = FileClock.NowNs();                                       // When
        var after = Path.Combine(_dir, "after.go");
        File.WriteAllText(after, "package a\n");

        Assert.False(GoRuleServices.ChangedSince(FileStamp.Of(before), readFrom));   // Then
        Assert.True(GoRuleServices.ChangedSince(FileStamp.Of(after), readFrom));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
