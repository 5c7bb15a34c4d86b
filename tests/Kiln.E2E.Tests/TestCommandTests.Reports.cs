using System.Xml.Linq;

namespace Kiln.E2E.Tests;

/// `kiln test --json` against `go test -json` (test2json events), and `--junit-xml`.
public sealed partial class TestCommandTests
{
    [Fact]
    public async Task Test_JsonAndJunit_SyntheticPackages_SameEventsAsGoTestJson()
    {
        var ws = Synthetic();                                                                              // Given
        var (goExit, goOut, _) = await GoTool.TryRunAsync(ws, fixture.GoScratch, null, "test", "-json", "./...", "-timeout", "3s");
        var goEvents = TestEvents.Parse(goOut);

        var run = await fixture.Kiln.RunAsync(ws, "test", "./...", "--json", "-timeout", "3s", "--allow-download"); // When

        var events = TestEvents.Parse(run.Stdout);                                                         // Then
        Assert.Equal(1, goExit);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(TestEvents.Terminal(goEvents), TestEvents.Terminal(events));
        Assert.Contains("fail example.com/syn/subs TestSub/two", TestEvents.Terminal(events));
        Assert.Equal(goEvents.Select(e => (e.Package, e.Action)).Distinct().Order(), events.Select(e => (e.Package, e.Action)).Distinct().Order());
        Assert.Contains(events, e => e is { Action: "output", Test: "TestPass" } && e.Output.Contains("<ok> & fine", StringComparison.Ordinal));
        Assert.Contains(events, e => e is { Action: "output", Package: "example.com/syn/broken" } && e.Output == "FAIL\texample.com/syn/broken [build failed]\n");
        Assert.Contains("broken_test.go:5", run.Stderr);                                                // compiler output on stderr, as go 1.23
        Assert.DoesNotContain("broken_test.go", run.Stdout);

        var cached = await fixture.Kiln.RunAsync(ws, "test", "./lib", "--json", "-timeout", "3s");                       // a cached pass replays as events
        var replay = TestEvents.Parse(cached.Stdout);
        Assert.Contains(replay, e => e.Action == "output" && e.Output == "ok  \texample.com/syn/lib\t(cached)\n");
        Assert.Contains(replay, e => e is { Action: "pass", Test: "TestWrap" });
        Assert.Equal(1, Tests(cached, "cached"));

        var xmlPath = System.IO.Path.Combine(fixture.Path, "junit.xml");                                  // --junit-xml, text on stdout
        var junit = await fixture.Kiln.RunAsync(ws, "test", "./...", "--junit-xml", xmlPath, "-timeout", "3s");
        var verdicts = TestVerdicts.Parse(junit.Stdout);
        Assert.Equal(goEvents.Where(e => e.Test.Length == 0 && e.Action is "pass" or "fail" or "skip")
            .ToDictionary(e => e.Package, e => e.Action switch { "pass" => "ok", "fail" => "FAIL", _ => "?" }).OrderBy(kv => kv.Key, StringComparer.Ordinal), verdicts);
        var suites = XDocument.Load(xmlPath).Root!.Elements("testsuite").ToDictionary(s => (string)s.Attribute("name")!);
        Assert.Equal(verdicts.Keys, suites.Keys.Order(StringComparer.Ordinal));
        foreach (var (pkg, suite) in suites)
        {
            var cases = suite.Elements("testcase").ToList();
            Assert.All(cases, c => Assert.Equal(pkg, (string)c.Attribute("classname")!));
            Assert.Equal(cases.Count, (int)suite.Attribute("tests")!);
            Assert.Equal(cases.Count(c => c.Element("failure") is not null), (int)suite.Attribute("failures")!);
            Assert.Equal(cases.Count(c => c.Element("skipped") is not null), (int)suite.Attribute("skipped")!);
            Assert.Equal(verdicts[pkg] == "FAIL", (int)suite.Attribute("failures")! > 0);
            var goTests = goEvents.Where(e => e.Package == pkg && e.Test.Length > 0 && e.Action is "pass" or "fail" or "skip")
                .Select(e => $"{e.Action} {e.Test}").ToList();
            var junitTests = cases.Select(c => $"{(c.Element("failure") is not null ? "fail" : c.Element("skipped") is not null ? "skip" : "pass")} {(string)c.Attribute("name")!}");
            if (verdicts[pkg] == "FAIL" && !goTests.Any(t => t.StartsWith("fail ", StringComparison.Ordinal))) goTests.Add("fail TestMain");
            Assert.Equal(goTests.Order(StringComparer.Ordinal), junitTests.Order(StringComparer.Ordinal));
        }
        Assert.Contains("bad", suites["example.com/syn/subs"].Elements("testcase").Single(c => (string)c.Attribute("name")! == "TestFail").Element("failure")!.Value);
    }

    [Fact]
    public async Task Test_Json_CorpusWorkspace_SameTerminalEventsAsGoTestJson()
    {
        var ws = Corpus.CopyWorkspace("small", System.IO.Path.Combine(fixture.Path, "test-json-ws", "small")); // Given
        var env = new Dictionary<string, string>(); // both tools at their default CGO_ENABLED

        var run = await fixture.Kiln.RunAsync(ws, "test", "./...", "--json", "--allow-download");         // When
        var (goExit, goOut, _) = await GoTool.TryRunAsync(ws, fixture.GoScratch, env, "test", "-json", "./...");

        var events = TestEvents.Parse(run.Stdout);                                                         // Then
        Assert.Equal(goExit == 0, run.ExitCode == 0);
        Assert.Equal(TestEvents.Terminal(TestEvents.Parse(goOut)), TestEvents.Terminal(events));
        Assert.Contains(events, e => e.Action == "pass" && e.Test.Length > 0);
    }
}
