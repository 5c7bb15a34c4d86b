using System.Xml.Linq;
using Kiln.Go.Test;

namespace Kiln.Go.Tests.Test;

public sealed class JUnitReportTests
{
    private static (PackageTestResult, IReadOnlyList<TestJsonEvent>) Package(PackageTestResult r) => (r, r.JsonEvents(() => DateTimeOffset.UnixEpoch));

    [Fact]
    public void Write_SuitePerPackage_CasesWithFailureAndSkippedOutput()
    {
        var output = "\u0016=== RUN   TestA\n\u0016--- PASS: TestA (0.50s)\n\u0016=== RUN   TestB\n    b_test.go:3: bad \u001b[31mred\n"
            + "\u0016--- FAIL: TestB (0.00s)\n\u0016=== RUN   TestC\n\u0016=== RUN   TestC/x\n    c_test.go:9: later\n"
            + "\u0016--- SKIP: TestC/x (0.00s)\n\u0016--- PASS: TestC (0.00s)\n\u0016FAIL\n";
        var fail = new PackageTestResult("example.com/p", TestVerdict.Fail, output, TimeSpan.FromSeconds(1.25), Cached: false);
        var broken = new PackageTestResult("example.com/b", TestVerdict.BuildFailed, "# example.com/b\nb.go:1: syntax error\n", TimeSpan.Zero, false);
        var none = new PackageTestResult("example.com/n", TestVerdict.NoTestFiles, "", TimeSpan.Zero, false);

        var doc = XDocument.Parse(JUnitReport.Write([Package(fail), Package(broken), Package(none)]));

        var root = doc.Root!;
        Assert.Equal(("5", "2", "1"), ((string)root.Attribute("tests")!, (string)root.Attribute("failures")!, (string)root.Attribute("skipped")!));
        var p = root.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "example.com/p");
        Assert.Equal("1.250", (string)p.Attribute("time")!);
        Assert.Equal(["TestA", "TestB", "TestC/x", "TestC"], p.Elements("testcase").Select(c => (string)c.Attribute("name")!));
        Assert.All(p.Elements("testcase"), c => Assert.Equal("example.com/p", (string)c.Attribute("classname")!));
        Assert.Equal("0.500", (string)p.Elements("testcase").First().Attribute("time")!);
        Assert.Contains("bad \uFFFD[31mred", p.Elements("testcase").ElementAt(1).Element("failure")!.Value);   // no control characters in XML
        Assert.Contains("later", p.Elements("testcase").ElementAt(2).Element("skipped")!.Value);
        var b = root.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "example.com/b");
        Assert.Contains("syntax error", b.Element("testcase")!.Element("failure")!.Value);
        Assert.Equal("TestMain", (string)b.Element("testcase")!.Attribute("name")!);
        Assert.Equal("0", (string)root.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "example.com/n").Attribute("tests")!);
    }

    [Fact]
    public void JsonEvents_CachedPass_ReplaysOutputWithCached()
    {
        var r = new PackageTestResult("p", TestVerdict.Ok, "\u0016=== RUN   TestA\n\u0016--- PASS: TestA (0.00s)\n\u0016PASS\n", TimeSpan.FromSeconds(3), Cached: true);

        var events = r.JsonEvents(() => DateTimeOffset.UnixEpoch);

        Assert.Equal(["start", "run", "output", "output", "pass", "output", "output", "pass"], events.Select(e => e.Action));
        Assert.Equal("ok  \tp\t(cached)\n", events[^2].OutputText);
        Assert.Equal(0, events[^1].Elapsed);
    }

    [Fact]
    public void VerdictLine_NoTestsToRun() =>
        Assert.Equal("ok  \tp\t0.010s [no tests to run]\n",
            new PackageTestResult("p", TestVerdict.Ok, "testing: warning: no tests to run\nPASS\n", TimeSpan.FromMilliseconds(10), false).VerdictLine());
}
