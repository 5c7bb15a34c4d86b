using System.Diagnostics;
using System.Text;
using Kiln.Go.Packages;

namespace Kiln.Go.Tests.Packages;

public sealed class GoFileHeaderTests
{
    private static string Header(string source)
    {
        var bytes = Encoding.UTF8.GetBytes(source);
        return Encoding.UTF8.GetString(bytes, 0, GoFileHeader.Length(bytes));
    }

    [Theory]
    [InlineData("package p\n\nimport \"fmt\"\n\nfunc F() { fmt.Println() }\n", "package p\n\nimport \"fmt\"\n\n")]
    [InlineData("// doc\npackage p // x\nimport (\n\t\"a\" // c\n\tb \"b\"\n\t. \"c\"; _ `d`\n)\n/* tail */ var X = 1\n", "// doc\npackage p // x\nimport (\n\t\"a\" // c\n\tb \"b\"\n\t. \"c\"; _ `d`\n)\n/* tail */ ")]
    [InlineData("//go:build linux\n\npackage p\n\n/*\n#cgo LDFLAGS: -lm\n*/\nimport \"C\"\nimport \"os\"\ntype T int\n", "//go:build linux\n\npackage p\n\n/*\n#cgo LDFLAGS: -lm\n*/\nimport \"C\"\nimport \"os\"\n")]
    [InlineData("package p\nfunc F() {}\n", "package p\n")]
    [InlineData("package p", "package p")]
    [InlineData("package p\nimport \"a\"\n", "package p\nimport \"a\"\n")]
    public void Length_StopsWhereGoBuildStops(string source, string header)
    {
        Assert.Equal(header, Header(source));                                              // Given, When, Then
    }

    [Theory]
    [InlineData("package p\nimport _ \"embed\"\n//go:embed x\nvar s string\n")]        // go scans on for //go:embed
    [InlineData("package p\nimport \"fmt\n\"\nfunc F() {}\n")]                          // syntax error: go reads it all
    [InlineData("package p\nimport (\n\t\"a\"\n/* never closed\nfunc F() {}\n")]
    [InlineData("packag p\nfunc F() {}\n")]
    [InlineData("package p\nimport \"a\"\nimportant()\n")]
    [InlineData("\uFEFFpackage p\nfunc F() {}\n")]                                       // byte order mark
    [InlineData("package p\nimport \"a\0\"\nfunc F() {}\n")]                             // NUL
    public void Length_WholeFileWhereGoReadsOn(string source)
    {
        var bytes = Encoding.UTF8.GetBytes(source);                                        // Given

        var length = GoFileHeader.Length(bytes);                                            // When

        Assert.Equal(bytes.Length, length);                                                // Then
    }

    [Theory]
    [InlineData("package p\n\nimport \"fmt\"\n\nfunc F() { fmt.Println() }\n", "fmt")]
    [InlineData("// doc\npackage p // x\nimport (\n\t\"a\" // c\n\tb \"b/c\"\n\t. \"c\"; _ `d`\n)\n/* tail */ var X = 1\n", "a b/c c d")]
    [InlineData("//go:build linux\n\npackage p\n\n/*\n#cgo LDFLAGS: -lm\n*/\nimport \"C\"\nimport \"os\"\ntype T int\n", "C os")]
    [InlineData("package p\nfunc F() {}\n", "")]
    [InlineData("package p\nimport \"a\\x62\"\nimport \"c\"\n", "c")]                      // an escape: left out
    [InlineData("packag p\nimport \"a\"\n", "")]                                         // does not parse
    public void Imports_AreTheHeadersImportPaths(string source, string expected)
    {
        var imports = GoFileHeader.Imports(Encoding.UTF8.GetBytes(source));               // Given, When

        Assert.Equal(expected, string.Join(" ", imports));                                 // Then
    }

    /// The oracle: for every std package, the imports read from the headers of the files go list builds are the
    /// imports go list reports.
    [Fact]
    public void Imports_OfStdFiles_AreWhatGoListReports()
    {
        var format = "{{.Dir}}\t{{join .GoFiles \" \"}} {{join .CgoFiles \" \"}}\t{{join .Imports \" \"}}";
        var listed = GoTool.Run("/usr/lib/go-1.23/src", GoTool.ProxyDir, "", GoTool.ModCache, "list", "-e", "-f", format, "std");
        var packages = 0;
        foreach (var line in listed.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var (dir, files, imports) = line.Split('\t') is [var d, var f, var i] ? (d, f, i) : throw new InvalidDataException(line);
            var read = files.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .SelectMany(f => GoFileHeader.Imports(File.ReadAllBytes(Path.Combine(dir, f))))
                .Where(i => i != "C").Distinct().Order(StringComparer.Ordinal);
            // go list reports a vendored std import by its resolved path (vendor/golang.org/x/...), the file names the other
            var expected = imports.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(i => i != "C")
                .Select(i => i.StartsWith("vendor/", StringComparison.Ordinal) ? i["vendor/".Length..] : i).Order(StringComparer.Ordinal);
            Assert.Equal(string.Join(" ", expected), string.Join(" ", read));
            packages++;
        }
        Assert.True(packages > 250, $"only {packages} std packages listed");
    }

    [Theory]
    [InlineData("a.go", true)]
    [InlineData("a_linux.go", true)]
    [InlineData("a_windows.go", false)]
    [InlineData("a_amd64.go", true)]
    [InlineData("a_arm64.go", false)]
    [InlineData("a_linux_amd64.go", true)]
    [InlineData("a_linux_arm64.go", false)]
    [InlineData("a_windows_test.go", false)]
    [InlineData("linux.go", true)]                                                          // before the first _: not a constraint
    [InlineData("a_unix.go", true)]                                                         // unix is a build tag, not a file name suffix
    [InlineData("a_foo_linux.go", true)]
    public void SuitsTarget_FollowsGoBuildsFileNameRules(string name, bool suits)
    {
        Assert.Equal(suits, GoFileName.SuitsTarget(name, "linux", "amd64"));
    }

    /// The oracle: `go list` on a copy of real trees whose Go files are cut to their headers prints what it
    /// prints on the originals (std's sources and the corpus workspaces: build tags, cgo, embeds, tests).
    [Theory]
    [InlineData("goroot")]
    [InlineData("large")]
    [InlineData("medium")]
    public void GoList_OnHeadersOnly_SameAsOnWholeFiles(string tree)
    {
        var source = tree == "goroot" ? "/usr/lib/go-1.23/src" : Path.Combine(CorpusPaths.Workspaces, tree);
        var temp = Directory.CreateTempSubdirectory("kiln-header-");
        try
        {
            var whole = Path.Combine(temp.FullName, "t");                                 // Given: two copies at one path
            var cut = Path.Combine(temp.FullName, "cut");
            var truncated = Copy(source, whole, cut);
            Assert.True(truncated > 5, $"only {truncated} files were cut");

            var expected = GoList(whole);                                                  // When
            Directory.Move(whole, whole + ".orig");
            Directory.Move(cut, whole);
            var actual = GoList(whole);

            Assert.Equal(expected, actual);                                                // Then
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    private static int Copy(string from, string whole, string cut)
    {
        var truncated = 0;
        foreach (var file in Directory.EnumerateFiles(from, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var rel = Path.GetRelativePath(from, file);
            if (rel.Split('/').Contains("testdata") || new FileInfo(file).LinkTarget is not null) continue;
            var bytes = File.ReadAllBytes(file);
            var length = file.EndsWith(".go", StringComparison.Ordinal) ? GoFileHeader.Length(bytes) : bytes.Length;
            if (length < bytes.Length) truncated++;
            foreach (var (root, data) in new[] { (whole, bytes), (cut, bytes[..length]) })
            {
                var to = Path.Combine(root, rel);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.WriteAllBytes(to, data);
            }
        }
        return truncated;
    }

    private static string GoList(string dir)
    {
        var psi = new ProcessStartInfo(GoTool.GoBinary) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "list", "-e", "-json=" + string.Join(",", GoListPackage.Fields), "./..." }) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/bin:/bin";
        psi.Environment["HOME"] = Path.GetTempPath();
        psi.Environment["GO111MODULE"] = "off";
        psi.Environment["GOPATH"] = "/nonexistent";
        psi.Environment["GOFLAGS"] = "";
        psi.Environment["GOENV"] = "off";
        psi.Environment["GOTOOLCHAIN"] = "local";
        psi.Environment["CGO_ENABLED"] = "1";
        psi.Environment["GOCACHE"] = Path.Combine(Path.GetTempPath(), "kiln-go-tests-gocache");
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"go list in {dir} failed: {stderr.Result}");
        return stdout;
    }
}
