namespace Kiln.E2E.Tests;

/// Writing the files of a workspace a test makes.
internal static class WorkspaceFiles
{
    /// Writes `text` to `rel` under `root`, creating its directories.
    public static void Write(string root, string rel, string text)
    {
        var path = System.IO.Path.Combine(root, rel);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
