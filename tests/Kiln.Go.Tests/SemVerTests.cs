using CsCheck;
using Kiln.Go.Modules;

namespace Kiln.Go.Tests;

public class SemVerTests
{
    [Theory]
    [InlineData("v1.2.3", true)]
    [InlineData("v1", true)]
    [InlineData("v1.2", true)]
    [InlineData("v1.2.3-pre.1+build.5", true)]
    [InlineData("v2.0.0+incompatible", true)]
    [InlineData("v0.0.0-20200101000000-abcdef123456", true)]
    [InlineData("1.2.3", false)]
    [InlineData("v1.2.3.4", false)]
    [InlineData("v01.2.3", false)]
    [InlineData("v1.2.3-01", false)]
    [InlineData("v1.2.3-", false)]
    [InlineData("v1.2.3+", false)]
    [InlineData("v1.2-pre", false)]
    [InlineData("", false)]
    public void IsValid_Examples_MatchGo(string v, bool expected) => Assert.Equal(expected, SemVer.IsValid(v));

    [Theory]
    [InlineData("v1.0.0", "v1.0.1", -1)]
    [InlineData("v1", "v1.0.0", 0)]
    [InlineData("v1.2", "v1.2.0", 0)]
    [InlineData("v1.0.0-alpha", "v1.0.0", -1)]
    [InlineData("v1.0.0-alpha", "v1.0.0-alpha.1", -1)]
    [InlineData("v1.0.0-alpha.1", "v1.0.0-alpha.beta", -1)]
    [InlineData("v1.0.0-beta.2", "v1.0.0-beta.11", -1)]
    [InlineData("v1.0.0-rc.1", "v1.0.0", -1)]
    [InlineData("v1.0.0+a", "v1.0.0+b", 0)]
    [InlineData("v2.0.0+incompatible", "v1.9.9", 1)]
    [InlineData("v2.0.0+incompatible", "v2.0.0", 0)]
    [InlineData("v0.0.0-20200101000000-abcdef123456", "v0.0.1", -1)]
    [InlineData("v1.2.4-0.20200101000000-abcdef123456", "v1.2.3", 1)]
    [InlineData("v1.2.4-0.20200101000000-abcdef123456", "v1.2.4-pre", -1)]
    [InlineData("v1.2.4-0.20200101000000-abcdef123456", "v1.2.4-0.20210101000000-000000000000", -1)]
    [InlineData("bad", "v0.0.0", -1)]
    [InlineData("bad", "worse", 0)]
    [InlineData("v10.0.0", "v9.0.0", 1)]
    public void Compare_Examples_MatchGo(string v, string w, int expected)
    {
        Assert.Equal(expected, SemVer.Compare(v, w));
        Assert.Equal(-expected, SemVer.Compare(w, v));
    }

    [Theory]
    [InlineData("v1", "v1.0.0")]
    [InlineData("v1.2", "v1.2.0")]
    [InlineData("v1.2.3+build", "v1.2.3")]
    [InlineData("v2.0.0+incompatible", "v2.0.0")]
    [InlineData("nope", "")]
    public void Canonical_Examples_MatchGo(string v, string expected) => Assert.Equal(expected, SemVer.Canonical(v));

    [Fact]
    public void CanonicalModuleVersion_Incompatible_KeepsSuffix() =>
        Assert.Equal("v2.0.0+incompatible", SemVer.CanonicalModuleVersion("v2.0.0+incompatible"));

    [Fact]
    public void Max_TwoVersions_ReturnsCanonicalLarger()
    {
        Assert.Equal("v1.3.0", SemVer.Max("v1.2", "v1.3"));
        Assert.Equal("v1.2.0", SemVer.Max("v1.2.0", "v1.2.0-pre"));
    }

    [Theory]
    [InlineData("v0.0.0-20200101000000-abcdef123456", true)]
    [InlineData("v1.2.4-0.20200101000000-abcdef123456", true)]
    [InlineData("v1.2.3-pre.0.20200101000000-abcdef123456", true)]
    [InlineData("v2.0.1-0.20200101000000-abcdef123456+incompatible", true)]
    [InlineData("v0.0.0-20221128000000-99ec85e", true)]
    [InlineData("v1.2.3", false)]
    [InlineData("v1.2.3-pre", false)]
    [InlineData("v1.2.3-20200101000000-abcdef123456", false)]
    public void IsPseudoVersion_Examples_MatchGo(string v, bool expected) => Assert.Equal(expected, SemVer.IsPseudoVersion(v));

    private static readonly Gen<string> Versions = Gen.OneOf(
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 3], (a, b, c) => $"v{a}.{b}.{c}"),
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 3], Gen.OneOf<string>("-alpha", "-alpha.1", "-beta.2", "-beta.11", "-rc.1", "-0.20200101000000-abc", "-1", "-x.y"),
            (a, b, c, pre) => $"v{a}.{b}.{c}{pre}"),
        Gen.Select(Gen.Int[0, 3], Gen.OneOf<string>("", ".1", "+incompatible", ".0+meta"), (a, rest) => $"v{a}{rest}"),
        Gen.String[0, 6]);

    [Fact]
    public void Compare_RandomTriples_IsATotalPreorder()
    {
        Gen.Select(Versions, Versions, Versions).Sample((a, b, c) =>
        {
            Assert.Equal(0, SemVer.Compare(a, a));
            Assert.Equal(SemVer.Compare(a, b), -SemVer.Compare(b, a));
            if (SemVer.Compare(a, b) <= 0 && SemVer.Compare(b, c) <= 0) Assert.True(SemVer.Compare(a, c) <= 0);
        });
    }

    [Fact]
    public void Compare_SortedRandomLists_AreNonDecreasing()
    {
        Versions.List[0, 20].Sample(list =>
        {
            var sorted = list.Order(Comparer<string>.Create(SemVer.Compare)).ToList();
            for (var i = 1; i < sorted.Count; i++) Assert.True(SemVer.Compare(sorted[i - 1], sorted[i]) <= 0);
        });
    }
}
