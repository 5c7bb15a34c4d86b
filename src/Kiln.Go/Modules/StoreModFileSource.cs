namespace Kiln.Go.Modules;

/// Reads go.mod files for the module graph from the store (entries `kiln mod download` recorded in the
/// manifest, loaded up front), and local-path replacements from the workspace on disk.
public sealed class StoreModFileSource : IModFileSource
{
    private readonly Dictionary<ModuleVersion, byte[]> _mods;
    private readonly string _moduleDir;

    private StoreModFileSource(Dictionary<ModuleVersion, byte[]> mods, string moduleDir) => (_mods, _moduleDir) = (mods, moduleDir);

    public static async Task<StoreModFileSource> LoadAsync(ModuleStore modules, ModuleManifest manifest, string moduleDir, CancellationToken ct)
    {
        var mods = new Dictionary<ModuleVersion, byte[]>();
        foreach (var e in manifest.Entries.Where(e => e.Kind == "mod"))
        {
            if (mods.ContainsKey(e.Module)) continue;
            if (await modules.TryGetFileAsync(ModuleStore.ModKey(e.Module, e.Hash), ct) is { } blob && modules.Store.TryReadBytes(blob) is { } bytes)
                mods[e.Module] = bytes;
        }
        return new StoreModFileSource(mods, moduleDir);
    }

    public byte[] ReadGoMod(ModuleVersion module)
    {
        if (module.Version.Length == 0) return File.ReadAllBytes(Path.Combine(_moduleDir, module.Path, "go.mod"));
        return _mods.TryGetValue(module, out var bytes) ? bytes : throw GoModuleErrors.NotDownloaded($"{module} (go.mod)");
    }
}
