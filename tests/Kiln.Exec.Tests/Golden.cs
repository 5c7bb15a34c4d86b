namespace Kiln.Exec.Tests;

/// This project's golden files (tests/Kiln.Exec.Tests/testdata/).
internal static class Golden
{
    public static void AssertMatches(string name, string actual) =>
        Assert.Equal(Kiln.Testing.Golden.Expected("Kiln.Exec.Tests", name, actual), actual);
}
