namespace Kiln.Go.Modules;

/// Where the go command keeps a module inside GOMODCACHE (paths relative to GOMODCACHE).
public static class ModuleCachePaths
{
    public static string ExtractedDir(ModuleVersion m) =>
        $"{ModulePathEscaping.Escape(m.Path)}@{ModulePathEscaping.Escape(m.Version)}";

    public static string DownloadFile(ModuleVersion m, string extension) =>
        $"cache/download/{ModulePathEscaping.Escape(m.Path)}/@v/{ModulePathEscaping.Escape(m.Version)}.{extension}";
}
