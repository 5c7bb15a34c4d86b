using System.Text.RegularExpressions;

namespace Kiln.E2E.Tests;

/// Output shown as the test binaries write it, where go test shows it so: -json's events, -v on one package, and
/// -bench (whose runs take turns). The proof is a handshake: a test prints a line, then waits for a file that this
/// test writes only once it has read that line from the tool's stdout; a tool that holds the output until the run
/// is over leaves the test waiting until it gives up and fails.
public sealed partial class TestCommandTests
{
    private const string Waiting = "waiting for the reader";

    private static string HandshakeTest(string signal) => $$"""
        package handshake

        import (
        	"fmt"
        	"os"
        	"testing"
        	"time"
        )

        func TestHandshake(t *testing.T) {
        	fmt.Println("{{Waiting}}")
        	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); {
        		if _, err := os.Stat("{{signal}}"); err == nil {
        			fmt.Println("answered")
        			return
        		}
        		time.Sleep(20 * time.Millisecond)
        	}
        	t.Fatal("nobody answered: the output was not shown as it came")
        }
        """;

    /// A benchmark that fails if another package's benchmark runs at the same time (each holds a marker file while it runs).
    private static string ExclusiveBenchmark(string package, string markers) => $$"""
        package {{package}}

        import (
        	"os"
        	"path/filepath"
        	"testing"
        	"time"
        )

        func BenchmarkAlone(b *testing.B) {
        	if b.N > 1 {
        		return
        	}
        	others, _ := filepath.Glob("{{markers}}/*")
        	if len(others) > 0 {
        		b.Fatalf("running beside %v", others)
        	}
        	mine := filepath.Join("{{markers}}", "{{package}}")
        	os.WriteFile(mine, nil, 0o644)
        	time.Sleep(500 * time.Millisecond)
        	os.Remove(mine)
        }
        """;

    private string HandshakeWorkspace(string name, string signal)
    {
        var ws = System.IO.Path.Combine(fixture.Path, name);
        WorkspaceFiles.Write(ws, "go.mod", "module example.com/live\n\ngo 1.22\n");
        WorkspaceFiles.Write(ws, "handshake/handshake_test.go", HandshakeTest(signal));
        WorkspaceFiles.Write(ws, "quick/quick_test.go", "package quick\n\nimport \"testing\"\n\nfunc TestQuick(t *testing.T) { t.Log(\"quick\") }\n");
        return ws;
    }

    /// Answers the handshake once `line` shows the test waiting.
    private static Action<string> Answer(string signal, Func<string, bool> waiting) => line =>
    {
        if (waiting(line)) File.WriteAllText(signal, "");
    };

    private static bool WaitingEvent(string line) => line.Contains("\"Action\":\"output\"", StringComparison.Ordinal) && line.Contains(Waiting, StringComparison.Ordinal);

    [Fact]
    public async Task Test_JsonAndVerboseOnePackage_OutputStreamedAsGoTestStreamsIt()
    {
        var signal = System.IO.Path.Combine(fixture.Path, "streaming-signal");                              // Given
        var ws = HandshakeWorkspace("test-streaming", signal);
        var (goExit, goOut, goErr) = await GoTool.WatchAsync(ws, fixture.GoScratch, Answer(signal, WaitingEvent), "test", "-json", "./...");
        Assert.True(goExit == 0, goOut + goErr);                                                             // go itself streams
        File.Delete(signal);

        var json = await fixture.Kiln.WatchAsync(ws, Answer(signal, WaitingEvent), "test", "--json", "./...", "--allow-download"); // When
        File.Delete(signal);
        var verbose = await fixture.Kiln.WatchAsync(ws, Answer(signal, line => line == Waiting), "test", "-v", "-count=1", "./handshake");

        Assert.True(json.ExitCode == 0, json.ToString());                                                    // Then
        Assert.Equal(PerPackage(TestEvents.Parse(goOut)), PerPackage(TestEvents.Parse(json.Stdout)));
        Assert.True(verbose.ExitCode == 0, verbose.ToString());
        Assert.Matches($"^=== RUN   TestHandshake\n{Waiting}\nanswered\n--- PASS: TestHandshake \\(.*\\)\nPASS\nok  \texample.com/live/handshake\t.*s\n$", verbose.Stdout);
    }

    [Fact]
    public async Task Test_BenchmarksOfSeveralPackages_RunOneAtATimeAsUnderGoTest()
    {
        var ws = System.IO.Path.Combine(fixture.Path, "test-bench-turns");                                 // Given
        var markers = System.IO.Path.Combine(fixture.Path, "test-bench-markers");
        Directory.CreateDirectory(markers);
        WorkspaceFiles.Write(ws, "go.mod", "module example.com/turns\n\ngo 1.22\n");
        foreach (var p in new[] { "one", "two", "three" }) WorkspaceFiles.Write(ws, $"{p}/{p}_test.go", ExclusiveBenchmark(p, markers));

        var run = await fixture.Kiln.RunAsync(ws, "test", "-run", "^$", "-bench", ".", "-benchtime", "1x", "./...", "--allow-download"); // When
        var (goExit, goOut, _) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "test", "-run", "^$", "-bench", ".", "-benchtime", "1x", "./...");

        Assert.True(goExit == 0, goOut);                                                                     // Then
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(TestVerdicts.Parse(goOut), TestVerdicts.Parse(run.Stdout));
        Assert.Equal(3, Regex.Matches(run.Stdout, "^BenchmarkAlone", RegexOptions.Multiline).Count);
    }

    /// Each package's events in order, without times and durations (the packages' events interleave as they run).
    private static Dictionary<string, List<string>> PerPackage(List<TestEvents.Event> events) =>
        events.GroupBy(e => e.Package).ToDictionary(g => g.Key, g => g.Select(e => $"{e.Action} {e.Test} {Regex.Replace(e.Output, @"\d+\.\d+s", "Ns")}").ToList());
}
