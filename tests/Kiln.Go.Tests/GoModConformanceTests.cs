using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kiln.Core;
using Kiln.Go.Modules;
using Kiln.Testing;

namespace Kiln.Go.Tests;

/// GoModFile.Parse against `go mod edit -json` (modfile.Parse in the real toolchain) on the same bytes.
public partial class GoModConformanceTests
{
    public static TheoryData<string> Samples() =>
    [
        "module m\n",
        "module m\ngo 1.21rc1\ntoolchain default\n",
        "module \"example.com/q\"\nrequire \"example.com/a\" \"v1.2\"\n",
        "module m\nrequire (\n\ta.com/x v1.0.0 // indirect\n\tb.com/y v2.0.0+incompatible //indirect\n\tc.com/z v0.0.0-20200101000000-abcdef123456 // indirect; note\n\td.com/w v1.0.0 // not indirect\n)\n",
        "module m\nreplace a.com/x => ../x\nreplace a.com/y v1.0.0 => b.com/y v1.1.0\nreplace (\n a.com/z => /abs/z\n a.com/w => ./w\n)\n",
        "module m\nexclude a.com/x v1.0.0\nexclude (\n a.com/y v1.1.0\n a.com/y v1.2.0\n)\n",
        "module m\n// why\nretract v1.0.0\nretract [v1.1.0, v1.2.0] // range\nretract (\n // a\n // b\n v2.0.0\n\n v2.1.0 // c\n)\n",
        "module m\ngodebug (\n a=1\n b=2\n)\ngodebug c=3\n",
        "// Deprecated: gone\n// really\nmodule m\n",
        "module m\nrequire ()\nrequire a.com/x v1.0.0\n",
        "module m\nfrobnicate\n",
        "module m\nrequire (\n a.com/x v1.0.0\n",
        "module m\nrequire a.com/x\n",
        "module m\nrequire a.com/x/v3 v2.0.0\n",
        "module m\nrequire gopkg.in/yaml.v3 v2.0.0\n",
        "module m\nrequire gopkg.in/yaml.v3 v3.0.1\n",
        "module m\nrequire a.com/x/v1 v1.0.0\n",
        "module m\ngo 1.21\ngo 1.22\n",
        "module m\nmodule n\n",
        "module m\nretract v1.0.0 v1.1.0\n",
        "module m\nretract [v1.0.0, v1.1.0\n",
        "module m\nreplace a.com/x v1.0.0 => b.com/y@v1.0.0\n",
        "module m\nrequire a.com/x v1.0.0 )\n",
        "module m\nrequire (\n)x\n",
        "module m\ngodebug a=\"1\"\n",
        "module m\nrequire \"a.com/x\\u0041\" v1.0.0\n",
        "module m\nrequire a.com/x v1.0.0\u00a0\n",
        "module m\n\trequire\ta.com/x\tv1.0.0\t//\tindirect\n",
        "module m\nexclude [a.com/x v1.0.0]\n",
        "module m\nrequire a.com/x v1.0.0-pre+build\n",
    ];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Parse_Sample_AgreesWithGoModEdit(string text)
    {
        using var dir = new TempDirectory("kiln-gomod");                                           // Given
        File.WriteAllText(dir.Combine("go.mod"), text);
        var (exit, stdout, stderr) = GoTool.TryRun(dir.Path, "/nonexistent", "", GoTool.ModCache, "mod", "edit", "-json");
        KilnException? error = null;                                                                // When
        GoModFile? parsed = null;
        try { parsed = GoModFile.Parse("go.mod", text); }
        catch (KilnException e) { error = e; }
        if (exit != 0)                                                                              // Then
        {
            Assert.True(error is not null, $"go rejects it ({stderr.Trim()}) but Kiln accepts it");
            var goLine = LinePattern().Match(stderr) is { Success: true } m ? m.Groups[1].Value : "";
            Assert.Contains(error.Details, d => d.Label == "file" && (d.Value == $"go.mod:{goLine}" || goLine.Length == 0));
            return;
        }
        Assert.True(error is null, $"go accepts it but Kiln says: {error?.Message} {string.Join(", ", error?.Details ?? [])}");
        Assert.Equal(Normalize(JsonNode.Parse(stdout)!), Render(parsed!));
    }

    [GeneratedRegex(@"go\.mod:(\d+)")]
    private static partial Regex LinePattern();

    private static string Normalize(JsonNode go)
    {
        var o = go.AsObject();
        string? S(JsonNode? n, string key) => n?[key]?.GetValue<string>();
        var lines = new List<string> { $"module {S(o["Module"], "Path")} deprecated={S(o["Module"], "Deprecated")}", $"go {S(o, "Go")}", $"toolchain {S(o, "Toolchain")}" };
        foreach (var r in o["Require"]?.AsArray() ?? []) lines.Add($"require {S(r, "Path")} {S(r, "Version")} {r!["Indirect"]?.GetValue<bool>() ?? false}");
        foreach (var e in o["Exclude"]?.AsArray() ?? []) lines.Add($"exclude {S(e, "Path")} {S(e, "Version")}");
        foreach (var r in o["Replace"]?.AsArray() ?? []) lines.Add($"replace {S(r!["Old"], "Path")} {S(r["Old"], "Version")} => {S(r["New"], "Path")} {S(r["New"], "Version")}");
        foreach (var r in o["Retract"]?.AsArray() ?? []) lines.Add($"retract {S(r, "Low")} {S(r, "High")} {S(r, "Rationale")}");
        return string.Join('\n', lines);
    }

    private static string Render(GoModFile f)
    {
        static string? E(string? s) => string.IsNullOrEmpty(s) ? null : s;
        var lines = new List<string> { $"module {f.ModulePath} deprecated={E(f.Deprecated)}", $"go {f.Go}", $"toolchain {f.Toolchain}" };
        // go 1.23's `go mod edit -json` never prints godebug lines (editPrintJSON omits them); unit tests cover them.
        lines.AddRange(f.Require.Select(r => $"require {r.Module.Path} {r.Module.Version} {r.Indirect}"));
        lines.AddRange(f.Exclude.Select(e => $"exclude {e.Module.Path} {e.Module.Version}"));
        lines.AddRange(f.Replace.Select(r => $"replace {r.Old.Path} {E(r.Old.Version)} => {r.New.Path} {E(r.New.Version)}"));
        lines.AddRange(f.Retract.Select(r => $"retract {r.Low} {r.High} {E(r.Rationale)}"));
        return string.Join('\n', lines);
    }
}
