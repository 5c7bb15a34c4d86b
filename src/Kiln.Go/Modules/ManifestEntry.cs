namespace Kiln.Go.Modules;

/// One thing a go.mod's module graph needs from the store: a module tree, a go.mod or an `.info` file.
public sealed record ManifestEntry(string Kind, ModuleVersion Module, string Hash)
{
    public override string ToString() => $"{Kind} {Module.Path} {Module.Version} {Hash}".TrimEnd();

    public static List<ManifestEntry>? ParseAll(string text)
    {
        var entries = new List<ManifestEntry>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ');
            if (f.Length is < 3 or > 4 || f[0] is not ("tree" or "mod" or "info")) return null;
            entries.Add(new ManifestEntry(f[0], new ModuleVersion(f[1], f[2]), f.Length == 4 ? f[3] : ""));
        }
        return entries;
    }
}
