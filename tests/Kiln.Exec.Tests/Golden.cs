namespace Kiln.Exec.Tests;

/// This project's golden files (tests/Kiln.Exec.Tests/testdata/).
internal static class Golden
{
    public static void AssertMatches(string name, string actual) => Kiln.Testing.Golden.AssertMatches("Kiln.Exec.Tests", name, actual);
}
