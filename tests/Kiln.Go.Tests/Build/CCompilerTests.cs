using System.Security.Cryptography;
using Kiln.Go.Build;
using Kiln.Store;
using Kiln.Testing;

namespace Kiln.Go.Tests.Build;

/// The C compiler's hash (in every cgo key) is remembered per stat stamp, so a run does not re-read the driver,
/// and a changed driver is hashed again.
public sealed class CCompilerTests : IDisposable
{
    private readonly TempDirectory _temp = new("kiln-cc");

    public void Dispose() => _temp.Dispose();

    private static string Sha256Of(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    [Fact]
    public void HashOf_RememberedPerStamp_AndAChangedDriverIsHashedAgain()
    {
        var store = new LocalStore(_temp.Combine("store"));                                     // Given
        var cc = _temp.Combine("cc");
        File.WriteAllText(cc, "first driver");
        File.SetLastWriteTimeUtc(cc, DateTime.UtcNow.AddMinutes(-5));
        Thread.Sleep(20); // past the clock tick of the write (its ctime)
        var firstContent = Sha256Of(cc);

        var first = CCompiler.HashOf(cc, store);                                                // When
        var marks = Directory.GetFiles(Path.Combine(store.Root, "marks", "cc-hash"), "*", SearchOption.AllDirectories);
        File.WriteAllText(marks.Single(), new string('0', 64));           // what a later run reads, not the file
        var remembered = CCompiler.HashOf(cc, store);
        File.WriteAllText(cc, "second driver, longer");
        var changed = CCompiler.HashOf(cc, store);

        Assert.Equal(firstContent, first);                                                     // Then
        Assert.Equal(new string('0', 64), remembered);
        Assert.Equal(Sha256Of(cc), changed);
        Assert.NotEqual(first, changed);
    }

    [Fact]
    public void Find_TheSystemCompiler_NamesItsResolvedPathAndHash()
    {
        var store = new LocalStore(_temp.Combine("store"));

        var found = CCompiler.Find(store);
        var again = CCompiler.Find(store);

        Assert.NotNull(found);
        Assert.Equal(found, again);
        Assert.Equal($"{found.ResolvedPath} sha256:{Sha256Of(found.ResolvedPath)}", found.Identity);
    }
}
