namespace Kiln.Testing;

/// Golden files under a test project's testdata/ in the source tree: compared, or rewritten when KILN_UPDATE_GOLDEN=1.
public static class Golden
{
    public static void AssertMatches(string testProject, string name, string actual)
    {
        var sourcePath = RepoPaths.Combine("tests", testProject, "testdata", name);
        if (Environment.GetEnvironmentVariable("KILN_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(sourcePath)!);
            File.WriteAllText(sourcePath, actual);
            return;
        }
        Assert.True(File.Exists(sourcePath), $"missing golden file {sourcePath}; run with KILN_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(sourcePath), actual);
    }
}
