using Kiln.Core;

namespace Kiln.Go.Packages;

/// A package exactly as `go list -json` describes it for one build configuration. Property names are the go
/// command's JSON field names. Dir is relative: to the workspace root (first-party), to the module root
/// prefixed by `module@version` (third-party), or to GOROOT/src (std). Imports are resolved (after ImportMap);
/// TestImports and XTestImports are as written in the sources.
public sealed record GoPackage
{
    public required string ImportPath { get; init; }
    public string Name { get; init; } = "";
    public string Dir { get; init; } = "";
    public bool Standard { get; init; }
    public GoPackageModule? Module { get; init; }
    public EquatableArray<string> GoFiles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> CgoFiles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> CFiles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> CXXFiles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> MFiles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> HFiles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> FFiles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> SFiles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> SwigFiles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> SwigCXXFiles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> SysoFiles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> IgnoredGoFiles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> EmbedPatterns { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> EmbedFiles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> TestEmbedPatterns { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> TestEmbedFiles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> XTestEmbedPatterns { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> XTestEmbedFiles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> Imports { get; init; } = EquatableArray<string>.Empty;
    public EquatableMap<string> ImportMap { get; init; } = EquatableMap<string>.Empty;
    /// Std packages only: the sorted transitive closure of their imports, as the go command reports it.
    public EquatableArray<string> Deps { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> TestGoFiles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> XTestGoFiles { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> TestImports { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> XTestImports { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> CgoCFLAGS { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> CgoCPPFLAGS { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> CgoCXXFLAGS { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> CgoFFLAGS { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> CgoLDFLAGS { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> CgoPkgConfig { get; init; } = EquatableArray<string>.Empty;
    /// The package's own error (not its dependencies'), with positions relative like Dir; null if none.
    public string? Error { get; init; }
    /// The errors of the packages this one reaches through imports (its own too, when it is in a cycle), as
    /// `go list -deps` fills DepsErrors; ordered by the package each error belongs to. Set by a `--deps` walk.
    public EquatableArray<string> DepsErrors { get; init; } = EquatableArray<string>.Empty;

    /// The error of this package's internal test variant (`p [p.test]`), which `kiln list` does not print:
    /// an import cycle through its test imports. Set by a `--deps --test` walk for the matched packages.
    [System.Text.Json.Serialization.JsonIgnore]
    public string? TestError { get; init; }

    /// A main package compiled as a library (its test variant, imported by the generated test main): its
    /// symbols live under its import path, not `main`. Never set by listing.
    [System.Text.Json.Serialization.JsonIgnore]
    public bool ForceLibrary { get; init; }

    /// Compile these of GoFiles instrumented for coverage (`go tool cover -pkgcfg`, then `-coveragecfg`),
    /// as go test -cover does for the packages it covers; null: not instrumented. Never set by listing.
    [System.Text.Json.Serialization.JsonIgnore]
    public CoverSpec? Cover { get; init; }

    /// The user's `-gcflags` and `-asmflags` for this package (PerPackageFlag.For), as go sets them on a loaded
    /// package; its test variants and test main get them too. Set when the graph is resolved, not by listing.
    [System.Text.Json.Serialization.JsonIgnore]
    public EquatableArray<string> Gcflags { get; init; } = EquatableArray<string>.Empty;

    [System.Text.Json.Serialization.JsonIgnore]
    public EquatableArray<string> Asmflags { get; init; } = EquatableArray<string>.Empty;

    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasTests => TestGoFiles.Count > 0 || XTestGoFiles.Count > 0;

    /// Builds the package from what the go command said, with Kiln's import path, directory and module.
    /// `errorPrefix` is the sandbox directory that stood for Dir, replaced in error text by `dir`.
    internal static GoPackage From(GoListPackage raw, string importPath, string dir, GoPackageModule? module,
        IEnumerable<string> imports, string? errorPrefix)
    {
        static EquatableArray<string> A(List<string>? items) => items is null ? EquatableArray<string>.Empty : new(items);
        string? error = raw.Error is null ? null
            : (raw.Error.Pos is { Length: > 0 } pos ? pos + ": " : "") + raw.Error.Err;
        if (error is not null && errorPrefix is not null)
            error = error.Replace(errorPrefix, dir, StringComparison.Ordinal);
        return new GoPackage
        {
            ImportPath = importPath,
            Name = raw.Name,
            Dir = dir,
            Standard = raw.Standard,
            Module = module,
            GoFiles = A(raw.GoFiles),
            CgoFiles = A(raw.CgoFiles),
            CFiles = A(raw.CFiles),
            CXXFiles = A(raw.CXXFiles),
            MFiles = A(raw.MFiles),
            HFiles = A(raw.HFiles),
            FFiles = A(raw.FFiles),
            SFiles = A(raw.SFiles),
            SwigFiles = A(raw.SwigFiles),
            SwigCXXFiles = A(raw.SwigCXXFiles),
            SysoFiles = A(raw.SysoFiles),
            IgnoredGoFiles = A(raw.IgnoredGoFiles),
            EmbedPatterns = A(raw.EmbedPatterns),
            EmbedFiles = A(raw.EmbedFiles),
            TestEmbedPatterns = A(raw.TestEmbedPatterns),
            TestEmbedFiles = A(raw.TestEmbedFiles),
            XTestEmbedPatterns = A(raw.XTestEmbedPatterns),
            XTestEmbedFiles = A(raw.XTestEmbedFiles),
            Imports = new(imports.Distinct(StringComparer.Ordinal)), // the go command's order: sorted by the path as written
            ImportMap = raw.ImportMap is null ? EquatableMap<string>.Empty : new(raw.ImportMap),
            TestGoFiles = A(raw.TestGoFiles),
            XTestGoFiles = A(raw.XTestGoFiles),
            TestImports = A(raw.TestImports),
            XTestImports = A(raw.XTestImports),
            CgoCFLAGS = A(raw.CgoCFLAGS),
            CgoCPPFLAGS = A(raw.CgoCPPFLAGS),
            CgoCXXFLAGS = A(raw.CgoCXXFLAGS),
            CgoFFLAGS = A(raw.CgoFFLAGS),
            CgoLDFLAGS = A(raw.CgoLDFLAGS),
            CgoPkgConfig = A(raw.CgoPkgConfig),
            Error = error,
        };
    }
}
