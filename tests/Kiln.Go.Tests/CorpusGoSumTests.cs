using System.IO.Compression;
using Kiln.Go.Modules;
using Kiln.Testing;

namespace Kiln.Go.Tests;

/// Every go.sum line of the corpus workspaces against DirHash over the proxy's files (built by make-proxy).
public class CorpusGoSumTests
{
    public static TheoryData<string> Workspaces() => ["small", "medium", "large"];

    [Theory]
    [MemberData(nameof(Workspaces))]
    public void Hashes_ProxyFiles_MatchEveryGoSumLine(string workspace)
    {
        var proxy = GoTool.RequireProxy();                                                          // Given
        var path = Path.Combine(CorpusPaths.Workspaces, workspace, "go.sum");
        var sum = GoSumFile.Parse(path, File.ReadAllText(path));
        Assert.NotEmpty(sum.Lines);
        var mismatches = new List<string>();
        foreach (var line in sum.Lines)                                                             // When
        {
            var file = Path.Combine(proxy, ModulePathEscaping.Escape(line.Module.Path), "@v",
                ModulePathEscaping.Escape(line.Module.Version) + (line.IsGoMod ? ".mod" : ".zip"));
            var actual = line.IsGoMod ? DirHash.ForGoMod(File.ReadAllBytes(file)) : DirHash.ForZip(file);
            if (actual != line.Hash) mismatches.Add($"{path}:{line.Line}: {line.Module} go.sum {line.Hash}, proxy {actual}");
        }
        Assert.Empty(mismatches);                                                                   // Then
    }

    [Fact]
    public void ForDirectory_ExtractedCorpusModules_MatchGoSum()
    {
        var proxy = GoTool.RequireProxy();
        var path = Path.Combine(CorpusPaths.Workspaces, "small", "go.sum");
        var sum = GoSumFile.Parse(path, File.ReadAllText(path));
        using var tmp = new TempDirectory("kiln-corpus-dir");
        foreach (var line in sum.Lines.Where(l => !l.IsGoMod))
        {
            var (p, v) = (ModulePathEscaping.Escape(line.Module.Path), ModulePathEscaping.Escape(line.Module.Version));
            var into = tmp.Combine(p + "@" + v);
            ZipFile.ExtractToDirectory(Path.Combine(proxy, p, "@v", v + ".zip"), into);
            Assert.Equal(line.Hash, DirHash.ForDirectory(Path.Combine(into, line.Module.Path + "@" + line.Module.Version), line.Module));
        }
    }
}
