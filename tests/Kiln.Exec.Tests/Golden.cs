namespace Kiln.Exec.Tests;

/// Golden files under the source tree's testdata/: compared, or rewritten when KILN_UPDATE_GOLDEN=1.
internal static class Golden
{
    public static void AssertMatches(string name, string actual)
    {
        var sourcePath = Kiln.Testing.RepoPaths.Combine("tests", "Kiln.Exec.Tests", "testdata", name);
        if (Environment.GetEnvironmentVariable("KILN_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(sourcePath, actual);
            return;
        }
        Assert.True(File.Exists(sourcePath), $"missing golden file {sourcePath}; run with KILN_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(sourcePath), actual);
    }
}
