namespace Kiln.Go.Driver;

/// go/packages' LoadMode bits (golang.org/x/tools/go/packages), as a driver request carries them.
[Flags]
public enum LoadMode
{
    None = 0,
    NeedName = 1 << 0,
    NeedFiles = 1 << 1,
    NeedCompiledGoFiles = 1 << 2,
    NeedImports = 1 << 3,
    NeedDeps = 1 << 4,
    NeedExportFile = 1 << 5,
    NeedTypes = 1 << 6,
    NeedSyntax = 1 << 7,
    NeedTypesInfo = 1 << 8,
    NeedTypesSizes = 1 << 9,
    NeedModule = 1 << 13,
    NeedEmbedFiles = 1 << 14,
    NeedEmbedPatterns = 1 << 15,
}
