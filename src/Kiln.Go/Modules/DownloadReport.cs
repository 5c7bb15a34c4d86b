namespace Kiln.Go.Modules;

/// What `kiln mod download` did for one go.mod.
public sealed record DownloadReport(string GoMod, int ModulesFetched, int ModulesReused, long BytesFetched, bool RanGo, ModuleManifest Manifest);
