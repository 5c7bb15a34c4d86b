using Kiln.Go.Build;

namespace Kiln.Go.Tests.Build;

/// The key file of undeclared reads names each path's state, so a changed file changes the action's key.
public sealed class UndeclaredReadsTests
{
    [Fact]
    public void Describe_NamesEachPathsState()
    {
        using var temp = new Kiln.Testing.TempDirectory("kiln-reads");                         // Given
        var file = temp.Write("a.txt", "a");
        var missing = temp.Combine("gone.txt");

        var before = UndeclaredReads.Describe([file, missing, temp.Path]);                      // When
        File.WriteAllText(file, "b");
        var after = UndeclaredReads.Describe([file, missing, temp.Path]);

        Assert.Contains(missing + " missing\n", before, StringComparison.Ordinal);             // Then
        Assert.Contains(temp.Path + " dir ", before, StringComparison.Ordinal);
        Assert.Contains(file + " file ", before, StringComparison.Ordinal);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Settled_OnlyFilesUnchangedSinceTheClockWasTaken()
    {
        using var temp = new Kiln.Testing.TempDirectory("kiln-reads");                         // Given
        var before = temp.Write("before.h", "a");
        var after = temp.Combine("after.h");
        Thread.Sleep(20);                                                                       // the clock ticks between (coarse file times)
        var clock = UndeclaredReads.FileClockNs(new Kiln.Store.LocalStore(temp.Combine("store")));
        Thread.Sleep(20);
        File.WriteAllText(after, "b");

        var settled = UndeclaredReads.Settled([before], clock);                                // When
        var changed = UndeclaredReads.Settled([before, after], clock);
        var missing = UndeclaredReads.Settled([temp.Combine("gone.h")], clock);

        Assert.NotNull(clock);                                                                  // Then
        Assert.True(settled);
        Assert.False(changed);
        Assert.False(missing);
    }

    [Theory]
    [InlineData("/a/b", "/a", true)]
    [InlineData("/a/b", "/a/", true)]
    [InlineData("/ab", "/a", false)]
    public void Under_IsPrefixByPathElement(string path, string root, bool under) =>
        Assert.Equal(under, UndeclaredReads.Under(path, root));
}
