namespace Kiln.Go.Modules;

/// One thing a go.mod's module graph needs from the store: a module tree, a go.mod or an `.info` file.
public sealed record ManifestEntry(string Kind, ModuleVersion Module, string Hash)
{
    public override string ToString() => $"{Kind} {Module.Path} {Module.Version} {Hash}".TrimEnd();
}
