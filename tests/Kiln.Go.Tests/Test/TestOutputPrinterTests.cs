using System.Text;
using System.Text.Json;
using Kiln.Go.Test;

namespace Kiln.Go.Tests.Test;

/// go test's streamed output: -json events as they come, a package's after the start of the ones before it; text
/// after the verdicts of the ones before it; a package that did not run printed whole when it completes.
public sealed class TestOutputPrinterTests
{
    private static readonly Func<DateTimeOffset> Clock = () => DateTimeOffset.UnixEpoch;

    private static PackageTestResult Ok(string p, string output) => new(p, TestVerdict.Ok, output, TimeSpan.FromSeconds(0.5), Cached: false);

    private static List<(string Action, string Package, string Output)> Events(StringWriter w) =>
        [.. w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            return (e.GetProperty("Action").GetString()!, e.GetProperty("Package").GetString()!,
                e.TryGetProperty("Output", out var o) ? o.GetString()! : "");
        })];

    [Fact]
    public void Json_LaterPackageRunsFirst_HeldUntilTheEarlierStartsThenInterleaved()
    {
        var w = new StringWriter();
        var printer = new TestOutputPrinter(["a", "b"], w, json: true, Clock);

        printer.Write("b", "=== RUN   TestB\n"u8.ToArray());
        Assert.Equal("", w.ToString());                                   // b waits for a's start
        printer.Write("a", "=== RUN   TestA\nhal"u8.ToArray());
        printer.Write("a", "f\n"u8.ToArray());
        var bEvents = printer.Complete(Ok("b", "=== RUN   TestB\n"), showPassingOutput: false);
        printer.Complete(Ok("a", "=== RUN   TestA\nhalf\n"), showPassingOutput: false);

        var events = Events(w);
        Assert.Equal(("start", "a", ""), events[0]);
        Assert.Equal(("start", "b", ""), events.First(e => e.Package == "b")); // b's held events, after a's start
        Assert.Contains(("output", "a", "half\n"), events);
        Assert.True(events.FindIndex(e => e is ("pass", "b", _)) < events.FindIndex(e => e is ("pass", "a", _))); // b ended first
        Assert.Equal(events.Count(e => e.Package == "b"), bEvents.Count);
        Assert.Equal(Ok("a", "=== RUN   TestA\nhalf\n").JsonEvents(Clock).Select(e => (e.Action, e.OutputText)),
            events.Where(e => e.Package == "a").Select(e => (e.Action, e.Output)));      // the same events as after the fact
    }

    [Fact]
    public void Json_CachedPackage_PrintedWholeInItsTurn()
    {
        var w = new StringWriter();
        var printer = new TestOutputPrinter(["a", "b"], w, json: true, Clock);

        printer.Complete(new PackageTestResult("b", TestVerdict.Ok, "PASS\n", TimeSpan.Zero, Cached: true), showPassingOutput: false);
        Assert.Equal("", w.ToString());
        printer.Complete(new PackageTestResult("a", TestVerdict.NoTestFiles, "", TimeSpan.Zero, Cached: false), showPassingOutput: false);

        Assert.Equal(["a", "a", "a", "b", "b", "b", "b"], Events(w).Select(e => e.Package));
        Assert.Contains(("output", "b", "ok  \tb\t(cached)\n"), Events(w));
    }

    [Fact]
    public void Text_StreamedRun_VerdictAfterItsOutputOnANewLine_AndHeldBehindEarlierVerdicts()
    {
        var w = new StringWriter();
        var printer = new TestOutputPrinter(["a", "b"], w, json: false, Clock);

        printer.Write("b", Encoding.UTF8.GetBytes("caf\u00e9")[..4]);      // a character split between chunks
        printer.Write("b", Encoding.UTF8.GetBytes("caf\u00e9")[4..]);
        Assert.Equal("", w.ToString());
        printer.Complete(new PackageTestResult("a", TestVerdict.Fail, "--- FAIL: TestA\nFAIL\n", TimeSpan.FromSeconds(1), Cached: false), showPassingOutput: true);
        printer.Complete(Ok("b", "caf\u00e9"), showPassingOutput: true);

        Assert.Equal("--- FAIL: TestA\nFAIL\nFAIL\ta\t1.000s\ncaf\u00e9\nok  \tb\t0.500s\n", w.ToString());
    }

    [Fact]
    public void Text_Test2jsonMarkers_LeftOut()
    {
        var w = new StringWriter();
        var printer = new TestOutputPrinter(["a"], w, json: false, Clock);

        printer.Write("a", "\u0016=== RUN   TestA\n\u0016--- PASS: TestA (0.00s)\n"u8.ToArray());
        printer.Complete(Ok("a", "\u0016=== RUN   TestA\n\u0016--- PASS: TestA (0.00s)\n"), showPassingOutput: true);

        Assert.Equal("=== RUN   TestA\n--- PASS: TestA (0.00s)\nok  \ta\t0.500s\n", w.ToString());
    }
}
