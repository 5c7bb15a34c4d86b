namespace Kiln.Go.Modules;

/// Where the module graph reads go.mod files from: a proxy or module cache, and local replacement directories.
public interface IModFileSource
{
    /// The go.mod bytes of module@version (a proxy's `.mod`); for a local-path replacement Version is empty and
    /// Path is the directory as the main go.mod spells it (relative to the main module's directory).
    byte[] ReadGoMod(ModuleVersion module);
}
