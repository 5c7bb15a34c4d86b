using Kiln.Go.Modules;

namespace Kiln.Go.Tests;

/// Reads `.mod` files straight from a file:// GOPROXY directory and local replacements relative to the main module.
internal sealed class ProxyModFileSource(string proxyDir, string mainModuleDir) : IModFileSource
{
    public List<ModuleVersion> Reads { get; } = [];

    public byte[] ReadGoMod(ModuleVersion module)
    {
        Reads.Add(module);
        if (module.Version.Length == 0) return File.ReadAllBytes(Path.Combine(mainModuleDir, module.Path, "go.mod"));
        return File.ReadAllBytes(Path.Combine(proxyDir, ModulePathEscaping.Escape(module.Path), "@v", ModulePathEscaping.Escape(module.Version) + ".mod"));
    }
}
