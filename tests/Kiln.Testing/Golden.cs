namespace Kiln.Testing;

/// Golden files under a test project's testdata/ in the source tree. With KILN_UPDATE_GOLDEN=1 the file is
/// rewritten with the actual text (review the diff); otherwise its text is returned for the caller to assert on.
public static class Golden
{
    /// The expected text (or, when the file is missing, a message saying how to create it).
    public static string Expected(string testProject, string name, string actual) =>
        ExpectedAt(Path.Combine("tests", testProject, "testdata", name), actual);

    /// The same for any file of the repository (e.g. a generated page under docs/), by its repository path.
    public static string ExpectedAt(string repoPath, string actual)
    {
        var sourcePath = RepoPaths.Combine(repoPath);
        if (Environment.GetEnvironmentVariable("KILN_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(sourcePath)!);
            File.WriteAllText(sourcePath, actual);
        }
        return File.Exists(sourcePath) ? File.ReadAllText(sourcePath)
            : $"missing golden file {sourcePath}; run with KILN_UPDATE_GOLDEN=1 and review it";
    }
}
