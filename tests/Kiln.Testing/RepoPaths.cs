namespace Kiln.Testing;

/// Locates files of this repository from a test's output directory.
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kiln.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find Kiln.slnx above " + AppContext.BaseDirectory);
    }

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);
}
