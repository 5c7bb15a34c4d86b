using System.Text.Json.Serialization;

namespace Kiln.Go.Driver;

/// One package of a driver response (go/packages' flatPackage): absolute file paths, Imports from the path as
/// written to the imported package's ID. Test variants have IDs `p [p.test]`, `p_test [p.test]` and `p.test`.
public sealed class DriverPackage
{
    [JsonPropertyName("ID")] public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? PkgPath { get; set; }
    public List<DriverError>? Errors { get; set; }
    public List<string>? GoFiles { get; set; }
    public List<string>? CompiledGoFiles { get; set; }
    public List<string>? OtherFiles { get; set; }
    public List<string>? EmbedFiles { get; set; }
    public List<string>? EmbedPatterns { get; set; }
    public List<string>? IgnoredFiles { get; set; }
    public string? ExportFile { get; set; }
    public SortedDictionary<string, string>? Imports { get; set; }
    public DriverModule? Module { get; set; }
}

/// A package error as go/packages reports it; Kind 1 is ListError (what a listing finds).
public sealed record DriverError(string Pos, string Msg, int Kind);

/// The module a package belongs to (go/packages' Module).
public sealed record DriverModule(string Path, string? Version, bool Main, string? Dir, string? GoMod, string? GoVersion);

/// go/types.StdSizes.
public sealed record DriverSizes(long WordSize, long MaxAlign);

/// What a GOPACKAGESDRIVER prints (go/packages' driverResponse).
public sealed class DriverResponse
{
    public bool NotHandled { get; set; }
    public string? Compiler { get; set; }
    public string? Arch { get; set; }
    public DriverSizes? Sizes { get; set; }
    public List<string>? Roots { get; set; }
    public List<DriverPackage> Packages { get; set; } = [];
    public int GoVersion { get; set; }
}
