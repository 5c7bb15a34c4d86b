namespace Kiln.E2E.Tests;

/// The warm loop on the engine's traces: a no-op build or test looks nothing up, a touch without a change
/// runs nothing, an edit re-runs only what depends on it, a damaged trace database is rebuilt with one notice.
public sealed class WarmLoopTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    private static long Field(KilnRun run, string group, string field) => run.Summary!.Value.GetProperty(group).GetProperty(field).GetInt64();

    private string Workspace(string name) => Corpus.CopyWorkspace("small", System.IO.Path.Combine(fixture.Path, "warm", name));

    [Fact]
    public async Task Build_NothingChanged_LooksUpNoAction()
    {
        var ws = Workspace("noop");                                                              // Given
        Assert.Equal(0, (await fixture.Kiln.RunAsync(ws, "build", "./...", "--allow-download")).ExitCode);

        var again = await fixture.Kiln.RunAsync(ws, "build", "./...");                           // When
        var touched = System.IO.Path.Combine(ws, "internal", "stats", "stats.go");
        File.SetLastWriteTimeUtc(touched, File.GetLastWriteTimeUtc(touched).AddMinutes(-5));     // a new stamp, the same bytes
        var afterTouch = await fixture.Kiln.RunAsync(ws, "build", "./...");

        Assert.True(again.ExitCode == 0, again.ToString());                                      // Then
        Assert.Equal(0, Field(again, "actions", "total"));                                       // every result came from the traces
        Assert.Equal(0, Field(again, "analysis", "packages_analysed") + Field(again, "analysis", "packages_cached"));
        Assert.True(Field(again, "build", "compiles_cached") > 50, again.ToString());
        Assert.True(afterTouch.ExitCode == 0, afterTouch.ToString());
        Assert.Equal(0, Field(afterTouch, "actions", "total"));
    }

    [Fact]
    public async Task Build_BodyEdit_RecompilesThatPackageAndItsDependentsOnlyThroughExportData()
    {
        var ws = Workspace("edit");                                                              // Given
        Assert.Equal(0, (await fixture.Kiln.RunAsync(ws, "build", "./...", "--allow-download")).ExitCode);
        var stats = System.IO.Path.Combine(ws, "internal", "stats", "stats.go");
        var source = File.ReadAllText(stats);
        File.WriteAllText(stats, source.Replace("if len([]rune(w)) < opt.MinLen || w == \"\" ||", "if w == \"\" || len([]rune(w)) < opt.MinLen ||", StringComparison.Ordinal));
        Assert.NotEqual(source, File.ReadAllText(stats));

        var edited = await fixture.Kiln.RunAsync(ws, "build", "./...", "--explain");             // When
        File.WriteAllText(stats, source);                                                        // back to the first content
        var reverted = await fixture.Kiln.RunAsync(ws, "build", "./...");
        var settled = await fixture.Kiln.RunAsync(ws, "build", "./...");                         // an edit made just before a build is traced by it
        var clean = Corpus.CopyWorkspace("small", System.IO.Path.Combine(fixture.Path, "warm", "edit-clean"));
        var cleanRun = await fixture.Kiln.RunAsync(clean, "build", "./...", "--allow-download");

        Assert.True(edited.ExitCode == 0, edited.ToString());                                    // Then
        Assert.Equal(1, Field(edited, "build", "compiles_executed"));                            // the body edit: its export data is unchanged
        Assert.Contains("why: compile ", edited.Stderr, StringComparison.Ordinal);                 // --explain, as the compile starts
        Assert.Contains(": internal/stats/stats.go changed", edited.Stderr, StringComparison.Ordinal);
        Assert.True(reverted.ExitCode == 0, reverted.ToString());
        Assert.Equal(0, Field(reverted, "actions", "executed"));                                 // the first content: action-cache hits
        Assert.True(settled.ExitCode == 0, settled.ToString());
        Assert.Equal(0, Field(settled, "actions", "total") + Field(settled, "analysis", "packages_cached"));
        Assert.Equal(0, cleanRun.ExitCode);
        var rel = System.IO.Path.Combine("dist", "cmd", "wordstat", "wordstat");
        Assert.Equal(File.ReadAllBytes(System.IO.Path.Combine(clean, rel)), File.ReadAllBytes(System.IO.Path.Combine(ws, rel)));
    }

    [Fact]
    public async Task Build_NewPackageDirectory_IsSeenByTheNextBuild()
    {
        var ws = Workspace("newdir");                                                            // Given
        Assert.Equal(0, (await fixture.Kiln.RunAsync(ws, "build", "./...", "--allow-download")).ExitCode);
        var dir = System.IO.Path.Combine(ws, "cmd", "hello2");
        Directory.CreateDirectory(dir);
        File.WriteAllText(System.IO.Path.Combine(dir, "main.go"), "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hi\") }\n");

        var run = await fixture.Kiln.RunAsync(ws, "build", "./...");                             // When

        Assert.True(run.ExitCode == 0, run.ToString());                                          // Then
        Assert.True(File.Exists(System.IO.Path.Combine(ws, "dist", "cmd", "hello2", "hello2")), run.ToString());
    }

    [Fact]
    public async Task Build_DamagedTraceDatabase_IsRebuiltWithOneNotice()
    {
        var ws = Workspace("damaged");                                                           // Given
        var dir = System.IO.Path.Combine(fixture.StoreRoot, "traces");
        var before = Directory.Exists(dir) ? Directory.EnumerateFiles(dir).ToHashSet() : [];
        var first = await fixture.Kiln.RunAsync(ws, "build", "./...", "--allow-download");
        Assert.Equal(0, first.ExitCode);
        var traces = Directory.EnumerateFiles(dir).Where(f => !before.Contains(f) && !f.EndsWith(".why", StringComparison.Ordinal)).ToList();
        Assert.Single(traces);
        foreach (var t in traces)
        {
            var bytes = File.ReadAllBytes(t);
            bytes[bytes.Length / 2] ^= 0x5a;
            File.WriteAllBytes(t, bytes);
        }

        var run = await fixture.Kiln.RunAsync(ws, "build", "./...");                             // When
        var again = await fixture.Kiln.RunAsync(ws, "build", "./...");

        Assert.True(run.ExitCode == 0, run.ToString());                                          // Then
        Assert.Contains("discarded", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Field(run, "actions", "executed"));
        Assert.Equal(0, Field(again, "actions", "total"));
        Assert.DoesNotContain("discarded", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_TraceDatabaseOfAnotherKiln_IsDiscardedWithOneNoticeAndRebuilt()
    {
        var ws = Workspace("foreign");                                                           // Given
        var dir = System.IO.Path.Combine(fixture.StoreRoot, "traces");
        var before = Directory.Exists(dir) ? Directory.EnumerateFiles(dir).ToHashSet() : [];
        Assert.Equal(0, (await fixture.Kiln.RunAsync(ws, "build", "./...", "--allow-download")).ExitCode);
        var file = Assert.Single(Directory.EnumerateFiles(dir), f => !before.Contains(f) && !f.EndsWith(".why", StringComparison.Ordinal));
        var traces = Engine.TraceSet.Deserialize(File.ReadAllBytes(file), Go.Rules.TraceDatabase.Version, out var problem);
        Assert.True(traces is not null, problem);
        File.WriteAllBytes(file, traces.Serialize("kiln-traces/0 0.0.0.0"));                    // intact, but another Kiln's

        var run = await fixture.Kiln.RunAsync(ws, "build", "./...");                             // When
        var again = await fixture.Kiln.RunAsync(ws, "build", "./...");

        Assert.True(run.ExitCode == 0, run.ToString());                                          // Then
        var notice = Assert.Single(run.Stderr.Split('\n'), line => line.Contains("discarded", StringComparison.Ordinal));
        Assert.Contains("another Kiln (kiln-traces/0 0.0.0.0)", notice, StringComparison.Ordinal);
        Assert.Equal(0, Field(run, "actions", "executed"));
        Assert.Equal(0, Field(again, "actions", "total"));
        Assert.DoesNotContain("discarded", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_NothingChanged_ReportsCachedWithoutLookingUpAnAction()
    {
        var ws = Workspace("test");                                                              // Given
        var first = await fixture.Kiln.RunAsync(ws, "test", "./...", "--allow-download");
        Assert.True(first.ExitCode == 0, first.ToString());

        var again = await fixture.Kiln.RunAsync(ws, "test", "./...");                            // When

        Assert.True(again.ExitCode == 0, again.ToString());                                      // Then
        Assert.Equal(0, Field(again, "actions", "total"));
        Assert.Equal(Field(first, "tests", "run") + Field(first, "tests", "cached"), Field(again, "tests", "cached"));
        Assert.Contains("(cached)", again.Stdout, StringComparison.Ordinal);
    }
}
