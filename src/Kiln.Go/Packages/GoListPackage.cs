using System.Text.Json;

namespace Kiln.Go.Packages;

/// One object of the stream `go list -e -json=FIELDS` prints, as the go command spells it. Dir and error
/// positions are absolute inside the sandbox that ran the command; ImportPath is `_/abs/dir` in GOPATH mode.
public sealed class GoListPackage
{
    /// The fields Kiln asks for. Naming them also spares the go command its staleness check.
    public static readonly string[] Fields =
    [
        "Dir", "ImportPath", "Name", "Standard", "GoFiles", "CgoFiles", "CFiles", "CXXFiles", "MFiles", "HFiles", "FFiles",
        "SFiles", "SwigFiles", "SwigCXXFiles", "SysoFiles", "IgnoredGoFiles", "EmbedPatterns", "EmbedFiles",
        "TestEmbedPatterns", "TestEmbedFiles", "XTestEmbedPatterns", "XTestEmbedFiles", "Imports", "ImportMap", "Deps",
        "TestGoFiles", "XTestGoFiles", "TestImports", "XTestImports", "CgoCFLAGS", "CgoCPPFLAGS", "CgoCXXFLAGS",
        "CgoFFLAGS", "CgoLDFLAGS", "CgoPkgConfig", "Error",
    ];

    public string Dir { get; set; } = "";
    public string ImportPath { get; set; } = "";
    public string Name { get; set; } = "";
    public bool Standard { get; set; }
    public List<string>? GoFiles { get; set; }
    public List<string>? CgoFiles { get; set; }
    public List<string>? CFiles { get; set; }
    public List<string>? CXXFiles { get; set; }
    public List<string>? MFiles { get; set; }
    public List<string>? HFiles { get; set; }
    public List<string>? FFiles { get; set; }
    public List<string>? SFiles { get; set; }
    public List<string>? SwigFiles { get; set; }
    public List<string>? SwigCXXFiles { get; set; }
    public List<string>? SysoFiles { get; set; }
    public List<string>? IgnoredGoFiles { get; set; }
    public List<string>? EmbedPatterns { get; set; }
    public List<string>? EmbedFiles { get; set; }
    public List<string>? TestEmbedPatterns { get; set; }
    public List<string>? TestEmbedFiles { get; set; }
    public List<string>? XTestEmbedPatterns { get; set; }
    public List<string>? XTestEmbedFiles { get; set; }
    public List<string>? Imports { get; set; }
    public Dictionary<string, string>? ImportMap { get; set; }
    public List<string>? Deps { get; set; }
    public List<string>? TestGoFiles { get; set; }
    public List<string>? XTestGoFiles { get; set; }
    public List<string>? TestImports { get; set; }
    public List<string>? XTestImports { get; set; }
    public List<string>? CgoCFLAGS { get; set; }
    public List<string>? CgoCPPFLAGS { get; set; }
    public List<string>? CgoCXXFLAGS { get; set; }
    public List<string>? CgoFFLAGS { get; set; }
    public List<string>? CgoLDFLAGS { get; set; }
    public List<string>? CgoPkgConfig { get; set; }
    public GoListError? Error { get; set; }

    /// Embeds reach into subdirectories, so such a package is analysed again with its whole subtree.
    public bool HasEmbeds => EmbedPatterns is { Count: > 0 } || TestEmbedPatterns is { Count: > 0 } || XTestEmbedPatterns is { Count: > 0 };

    /// True when `./...` would match the directory: some Go file survives the build constraints.
    public bool HasGoFiles => GoFiles is { Count: > 0 } || CgoFiles is { Count: > 0 } || TestGoFiles is { Count: > 0 } || XTestGoFiles is { Count: > 0 };

    /// Reads a stream of concatenated JSON objects.
    public static List<GoListPackage> ParseStream(byte[] json)
    {
        var result = new List<GoListPackage>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            var p = JsonSerializer.Deserialize(ref reader, GoJson.Default.GoListPackage);
            if (p is not null) result.Add(p);
        }
        return result;
    }
}
