using System.IO.Compression;
using System.Text;
using Kiln.Core;
using Kiln.Go.Modules;
using Kiln.Testing;

namespace Kiln.Go.Tests;

public class DirHashTests
{
    private static (string, Func<Stream>) F(string name, string content) => (name, () => new MemoryStream(Encoding.UTF8.GetBytes(content)));

    [Fact]
    public void ForGoMod_Empty_IsGoKnownEmptyHash() =>
        Assert.Equal("h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=", DirHash.ForGoMod([]));

    [Fact]
    public void Hash1_NonBmpNames_SortByUtf8BytesLikeGo()
    {
        // Golden value from a Python reimplementation sorting names by their UTF-8 bytes.
        var h = DirHash.Hash1([F("a/b.go", "package b\n"), F("\U0001F600.txt", "emoji"), F("\uFFFD.txt", "repl")]);
        Assert.Equal("h1:+iBtpJ7YQqoRc9X00sElpKm6zFZd69IL2VGOFy2RcaU=", h);
    }

    [Fact]
    public void Hash1_NameWithNewline_Throws() =>
        Assert.Equal(ErrorKind.User, Assert.Throws<KilnException>(() => DirHash.Hash1([F("a\nb", "")])).Kind);

    [Fact]
    public void ForDirectory_ExtractedZip_EqualsForZip()
    {
        using var tmp = new TempDirectory("kiln-dirhash");                       // Given
        var zipPath = tmp.Combine("m.zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            foreach (var (name, text) in new[] { ("go.mod", "module example.com/m\n"), ("a.go", "package m\n"), ("sub/b.go", "package sub\n") })
                using (var w = new StreamWriter(zip.CreateEntry("example.com/m@v1.0.0/" + name).Open())) w.Write(text);
        }
        ZipFile.ExtractToDirectory(zipPath, tmp.Combine("x"));
        var fromZip = DirHash.ForZip(zipPath);                                   // When
        var fromDir = DirHash.ForDirectory(tmp.Combine("x", "example.com", "m@v1.0.0"), new("example.com/m", "v1.0.0"));
        Assert.Equal(fromZip, fromDir);                                          // Then
    }
}
