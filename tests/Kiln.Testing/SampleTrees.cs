namespace Kiln.Testing;

/// Small trees with the features digests must get right.
public static class SampleTrees
{
    /// Executable, empty and nested files, an empty directory, non-ASCII names, and a symlink.
    public static void Write(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "emptydir"));
        Directory.CreateDirectory(Path.Combine(root, "sub", "deeper"));
        File.WriteAllText(Path.Combine(root, "b.txt"), "bee\n");
        File.WriteAllText(Path.Combine(root, "run.sh"), "#!/bin/sh\necho run\n");
        File.SetUnixFileMode(Path.Combine(root, "run.sh"), (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(root, "empty"), "");
        File.WriteAllText(Path.Combine(root, "Zé-\U0001D11E.txt"), "clef");
        File.WriteAllText(Path.Combine(root, "sub", "x.go"), "package sub\n");
        File.WriteAllText(Path.Combine(root, "sub", "deeper", "y.go"), "package deeper\n");
        File.CreateSymbolicLink(Path.Combine(root, "sub", "link"), "x.go");
    }
}
