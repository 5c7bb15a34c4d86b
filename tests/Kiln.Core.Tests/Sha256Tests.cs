using System.Security.Cryptography;
using CsCheck;

namespace Kiln.Core.Tests;

/// The managed SHA-256 against the platform's: any input, appended in any pieces, hashes alike.
public class Sha256Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void HashData_KnownVectors_MatchFips180(string input, string expected) =>
        Assert.Equal(expected, Convert.ToHexStringLower(Sha256.HashData(System.Text.Encoding.ASCII.GetBytes(input))));

    [Fact]
    public void HashData_AnyInput_EqualsThePlatforms() =>
        Gen.Byte.Array[0, 700].Sample(bytes =>
            Assert.Equal(SHA256.HashData(bytes), Sha256.HashData(bytes)));

    [Fact]
    public void Append_InAnyPieces_EqualsOneShot() =>
        Gen.Select(Gen.Byte.Array[0, 2000], Gen.Int[1, 130].Array[1, 40]).Sample((bytes, cuts) =>
        {
            var sha = new Sha256();
            var rest = bytes.AsSpan();
            foreach (var cut in cuts)
            {
                var n = Math.Min(cut, rest.Length);
                sha.Append(rest[..n]);
                rest = rest[n..];
            }
            sha.Append(rest);
            Assert.Equal(SHA256.HashData(bytes), sha.Finish());
        });

    [Fact]
    public void Sha256_LargeExpectedOrLargeInput_UsesThePlatformAndAgrees()
    {
        var big = new byte[Sha256.ManagedUpTo + 1001];
        new Random(7).NextBytes(big);
        using var sha = new Sha256(big.Length);

        sha.Append(big.AsSpan(0, 5000));
        sha.Append(big.AsSpan(5000));

        Assert.Equal(SHA256.HashData(big), sha.Finish());
        Assert.Equal(SHA256.HashData(big), Sha256.HashData(big));
        Assert.Equal(SHA256.HashData(big.AsSpan(0, 100_003)), Sha256.HashData(big.AsSpan(0, 100_003)));   // managed
        Assert.Equal(Digest.Of([]), Digest.Empty);
    }
}
