namespace Kiln.Store.Tests;

public class MappedFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kiln-mapped-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64 * 1024 - 1)]     // read
    [InlineData(64 * 1024)]         // mapped
    [InlineData(3 * 1024 * 1024 + 17)]
    public void Read_AnySize_GivesTheFilesBytes(int size)
    {
        var bytes = new byte[size];                                                             // Given
        new Random(size).NextBytes(bytes);
        var path = Path.Combine(_dir, "f");
        File.WriteAllBytes(path, bytes);

        var read = MappedFile.Read(path);                                                       // When

        Assert.True(read.Span.SequenceEqual(bytes));                                            // Then
        Assert.True(read[(size / 2)..].Span.SequenceEqual(bytes.AsSpan(size / 2)));
    }

    [Fact]
    public void Read_FileReplacedByRename_StillShowsWhatWasRead()
    {
        var path = Path.Combine(_dir, "f");                                                     // Given
        var first = Enumerable.Repeat((byte)1, 200_000).ToArray();
        File.WriteAllBytes(path, first);
        var read = MappedFile.Read(path);

        var next = Path.Combine(_dir, "next");                                                  // When
        File.WriteAllBytes(next, Enumerable.Repeat((byte)2, 100).ToArray());
        File.Move(next, path, overwrite: true);

        Assert.True(read.Span.SequenceEqual(first));                                            // Then
    }

    [Fact]
    public void Read_Missing_ThrowsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => MappedFile.Read(Path.Combine(_dir, "missing")));
}
