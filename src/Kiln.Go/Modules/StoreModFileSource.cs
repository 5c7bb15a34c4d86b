namespace Kiln.Go.Modules;

/// Reads go.mod files for the module graph from the store (entries `kiln mod download` recorded in the
/// manifest), and local-path replacements from the workspace on disk.
public sealed class StoreModFileSource(ModuleStore modules, ModuleManifest manifest, string moduleDir) : IModFileSource
{
    private readonly Dictionary<ModuleVersion, string> _modHashes = manifest.Entries
        .Where(e => e.Kind == "mod").GroupBy(e => e.Module).ToDictionary(g => g.Key, g => g.First().Hash);

    public byte[] ReadGoMod(ModuleVersion module)
    {
        if (module.Version.Length == 0) return File.ReadAllBytes(Path.Combine(moduleDir, module.Path, "go.mod"));
        if (_modHashes.TryGetValue(module, out var h1)
            && modules.TryGetFile(ModuleStore.ModKey(module, h1)) is { } blob
            && modules.Store.TryReadBytes(blob) is { } bytes)
            return bytes;
        throw GoModuleErrors.NotDownloaded($"{module} (go.mod)");
    }
}
