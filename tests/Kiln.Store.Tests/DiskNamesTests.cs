using System.Diagnostics;
using Kiln.Core;

namespace Kiln.Store.Tests;

public sealed class DiskNamesTests
{
    [Theory]
    [InlineData(new byte[] { (byte)'w', 0xff, (byte)'.', (byte)'g', (byte)'o' }, "w\\xff.go")]
    [InlineData(new byte[] { 0xc3, 0xa9, 0xfe, (byte)'\\' }, "é\\xfe\\\\")]
    [InlineData(new byte[] { 0xe2, 0x82 }, "\\xe2\\x82")]                                  // a truncated sequence
    public void Escape_InvalidBytes_WrittenAsGoQuotesThem(byte[] name, string expected) =>
        Assert.Equal(expected, DiskNames.Escape(name));

    [Fact]
    public void Snapshot_FileNameNotUtf8_FailsNamingDirectoryAndFile()
    {
        using var f = new StoreFixture();                                                  // Given: .NET's own listing leaves the file out
        var dir = f.Temp.Combine("pkg");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "ok.go"), "package p\n");
        Shell(dir, "printf 'package p\\n' > \"$(printf 'w\\377.go')\"; mkdir \"$(printf 'd\\376')\"");

        try
        {
            var e = Assert.Throws<KilnException>(() => f.Store.Snapshot(dir));              // When

            Assert.Equal(ErrorKind.User, e.Kind);                                          // Then: both names, escaped
            Assert.Contains(("directory", dir), e.Details);
            Assert.Contains(("name", "w\\xff.go"), e.Details);
            Assert.Contains(("name", "d\\xfe"), e.Details);
            Assert.Equal(["w\\xff.go"], DiskNames.NonUtf8(dir, filesOnly: true));
        }
        finally
        {
            Shell(f.Temp.Path, "rm -rf pkg");                                             // .NET cannot delete what it cannot name
        }
    }

    private static void Shell(string dir, string script)
    {
        using var sh = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script]) { WorkingDirectory = dir })!;
        sh.WaitForExit();
        Assert.Equal(0, sh.ExitCode);
    }
}
