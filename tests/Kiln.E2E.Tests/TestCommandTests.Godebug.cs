namespace Kiln.E2E.Tests;

/// A test binary's default GODEBUG as go test sets it (load/test.go's defaultGODEBUG): the main module's go line and
/// godebug lines, then the tested package's //go:debug directives, its test files', its external test files'.
public sealed partial class TestCommandTests
{
    private const string GodebugReport = """
        func report(t *testing.T) {
        	if bi, ok := debug.ReadBuildInfo(); ok {
        		for _, s := range bi.Settings {
        			t.Log("setting " + s.Key) // none: only a main package's test binary has build information
        		}
        	}
        	defer func() { t.Logf("recovered %T", recover()) }()
        	panic(nil)
        }
        """;

    private static string ReportTest(string header, string package) =>
        header + $"package {package}\n\nimport (\n\t\"runtime/debug\"\n\t\"testing\"\n)\n\nfunc TestReport(t *testing.T) {{ report(t) }}\n\n" + GodebugReport;

    [Fact]
    public async Task Test_GodebugLinesAndTestFileDirectives_SameDefaultGodebugAsGoTest()
    {
        var ws = System.IO.Path.Combine(fixture.Path, "test-godebug");                                     // Given
        WorkspaceFiles.Write(ws, "go.mod", "module example.com/tg\n\ngo 1.22\n\ngodebug (\n\tpanicnil=1\n\ttlsrsakex=1\n)\n");
        WorkspaceFiles.Write(ws, "plain/plain.go", "package plain\n\nfunc One() int { return 1 }\n");
        WorkspaceFiles.Write(ws, "plain/plain_test.go", ReportTest("", "plain"));
        WorkspaceFiles.Write(ws, "directive/directive.go", "package directive\n\nfunc One() int { return 1 }\n");
        WorkspaceFiles.Write(ws, "directive/directive_test.go", ReportTest("// This test binary's own.\n\n//go:debug panicnil=0\n", "directive"));
        WorkspaceFiles.Write(ws, "external/external.go", "package external\n\nfunc One() int { return 1 }\n");
        WorkspaceFiles.Write(ws, "external/external_test.go", ReportTest("//go:debug panicnil=0\n", "external"));
        WorkspaceFiles.Write(ws, "external/x_test.go", "//go:debug panicnil=1\n\npackage external_test\n\nimport \"testing\"\n\nfunc TestNothing(t *testing.T) {}\n");

        var run = await fixture.Kiln.RunAsync(ws, "test", "-v", "-run", "TestReport", "./...", "--allow-download");  // When
        var go = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "test", "-count=1", "-v", "-run", "TestReport", "./...");

        Assert.True(run.ExitCode == 0, run.ToString());                                                    // Then
        Assert.True(go.ExitCode == 0, go.Stderr);
        static string Reports(string stdout) => string.Join('\n', stdout.Split('\n').Select(l => l.Trim())
            .Where(l => l.Contains(": recovered ", StringComparison.Ordinal) || l.Contains(": setting ", StringComparison.Ordinal)));
        var reports = Reports(run.Stdout);
        Assert.Equal(Reports(go.Stdout), reports);
        Assert.Equal(3, reports.Split('\n').Count(l => l.Contains("recovered", StringComparison.Ordinal)));
        Assert.DoesNotContain("setting", reports, StringComparison.Ordinal);
        Assert.Matches("plain_test.go:\\d+: recovered <nil>", reports);                                    // go.mod's panicnil=1
        Assert.Matches("directive_test.go:\\d+: recovered \\*runtime.PanicNilError", reports);            // the test file's directive wins
        Assert.Matches("external_test.go:\\d+: recovered <nil>", reports);                                 // the external test file's, last

        WorkspaceFiles.Write(ws, "go.mod", "module example.com/tg\n\ngo 1.22\n\ngodebug tlsrsakex=1\n");   // panicnil=1 gone
        var edited = await fixture.Kiln.RunAsync(ws, "test", "-v", "-run", "TestReport", "./plain", "--allow-download");
        Assert.True(edited.ExitCode == 0, edited.ToString());
        Assert.Matches("plain_test.go:\\d+: recovered \\*runtime.PanicNilError", Reports(edited.Stdout));   // not the cached result
    }
}
