using System.Text;

namespace Kiln.Core.Tests;

public class DigestTests
{
    [Fact]
    public void Of_EmptyInput_IsTheWellKnownEmptyDigest()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855/0", Digest.Of([]).ToString());
    }

    [Fact]
    public void OfStream_SameBytes_EqualsOf()
    {
        var data = Encoding.UTF8.GetBytes(new string('x', 200_000));
        using var s = new MemoryStream(data);
        Assert.Equal(Digest.Of(data), Digest.OfStream(s));
    }

    [Theory]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855/0", true)]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855/0", false)]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", false)]
    [InlineData("abc/3", false)]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855/-1", false)]
    public void TryParse_Text_AcceptsOnlyCanonicalForm(string text, bool ok)
    {
        Assert.Equal(ok, Digest.TryParse(text, out var d));
        if (ok) Assert.Equal(text, d.ToString());
    }
}
