using System.Globalization;
using System.Text;

namespace Kiln.Go.Test;

/// One package's test outcome: the verdict, the test binary's combined output (stdout and stderr as one
/// stream, or the build error), how long the run took and whether the result came from the cache.
public sealed record PackageTestResult(string ImportPath, TestVerdict Verdict, string Output, TimeSpan Elapsed, bool Cached)
{
    /// The test binary, when the flags keep it (-c, -o) and it was built.
    public Core.Digest? Binary { get; init; }

    /// Built with -cover: the `ok` line carries the binary's `coverage: …` text, as go test prints it.
    public bool Cover { get; init; }
    /// The profile the binary wrote (-coverprofile), null if none.
    public byte[]? CoverProfile { get; init; }
    /// Run as go test runs -bench and -fuzz, its output not buffered: go's `ok` line then has no coverage
    /// percentage and no `[no tests to run]`-style note, as it reads those from the buffer.
    public bool Unbuffered { get; init; }
    /// The workspace files outside the package the test read (TestReads): the engine stamps them.
    public IReadOnlyList<string> Reads { get; init; } = [];

    /// The lines go test prints for this package (`ok`, `FAIL`, `?`), preceded by output when go test shows it:
    /// always for failures, and for passes with -v or -bench. test2json markers (^V) are left out.
    public string Render(bool showPassingOutput)
    {
        var output = Output.Replace("\u0016", "", StringComparison.Ordinal);
        switch (Verdict)
        {
            case TestVerdict.Compiled:
                return "";
            case TestVerdict.NoTestFiles:
                return VerdictLine();
            case TestVerdict.Ok:
                return (showPassingOutput ? WithNewline(output) : "") + VerdictLine();
            case TestVerdict.BuildFailed or TestVerdict.SetupFailed:
                return output.TrimEnd('\n') + "\n" + VerdictLine();
            default:
                return WithNewline(output) + VerdictLine();
        }
    }

    /// go test -json's events for this package: the binary's output (run with -test.v=test2json) and go
    /// test's verdict line through test2json. A build failure is only `FAIL pkg [build failed]` (its compiler
    /// output goes to stderr, as go 1.23 does).
    public List<TestJsonEvent> JsonEvents(Func<DateTimeOffset> clock)
    {
        var events = new List<TestJsonEvent>();
        var converter = new TestJsonConverter(ImportPath, clock, events.Add);
        if (Verdict is TestVerdict.Ok or TestVerdict.Fail) converter.Write(Encoding.UTF8.GetBytes(Output));
        FinishJson(converter, atLineStart: Output.Length == 0 || Output.EndsWith('\n'));
        return events;
    }

    /// Ends the events of a converter that has had the binary's output (all of it, or none for a verdict without
    /// a run): go test's verdict line, the exit and the package's event. `atLineStart`: that output ended a line.
    public void FinishJson(TestJsonConverter converter, bool atLineStart)
    {
        var tail = Verdict switch
        {
            TestVerdict.Ok => VerdictLine(),
            TestVerdict.Fail => "\u0016" + VerdictLine(),
            _ => VerdictLine(),
        };
        if (!atLineStart && Verdict is TestVerdict.Ok or TestVerdict.Fail) tail = "\n" + tail;
        converter.Write(Encoding.UTF8.GetBytes(tail));
        var ok = Verdict is TestVerdict.Ok or TestVerdict.NoTestFiles;
        converter.Exited(ok);
        converter.Close(Cached || Verdict is TestVerdict.BuildFailed or TestVerdict.SetupFailed or TestVerdict.NoTestFiles ? 0 : Elapsed.TotalSeconds);
    }

    /// `ok  \tpkg\t0.012s`, `(cached)`, ` [no tests to run]`; `FAIL\tpkg\t0.012s`; `FAIL\tpkg [build failed]`; `?   \tpkg\t[no test files]`.
    public string VerdictLine()
    {
        var time = Cached ? "(cached)" : Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + "s";
        return Verdict switch
        {
            TestVerdict.NoTestFiles when Cover => Output, // covdata percent's line
            TestVerdict.NoTestFiles => $"?   \t{ImportPath}\t[no test files]\n",
            TestVerdict.Ok => $"ok  \t{ImportPath}\t{time}{CoveragePercentage()}{NoRun()}\n",
            TestVerdict.BuildFailed => $"FAIL\t{ImportPath} [build failed]\n",
            TestVerdict.SetupFailed => $"FAIL\t{ImportPath} [setup failed]\n",
            _ => $"FAIL\t{ImportPath}\t{time}\n",
        };
    }

    /// go test's coveragePercentage: `\tcoverage: ` and the rest of the output's first `coverage: ` line.
    private string CoveragePercentage()
    {
        if (!Cover || Unbuffered) return "";
        var at = Output.IndexOf("coverage: ", StringComparison.Ordinal);
        if (at < 0) return "";
        var end = Output.IndexOf('\n', at);
        return end < 0 ? "" : "\tcoverage: " + Output[(at + "coverage: ".Length)..end];
    }

    /// go test's note when the testing package warned that -run matched nothing (go's fuzz notes never show:
    /// it looks for them in output that, when fuzzing, it did not buffer).
    private string NoRun() =>
        !Unbuffered && (Output.StartsWith(NoTests[1..], StringComparison.Ordinal) || Output.Contains(NoTests, StringComparison.Ordinal))
            ? " [no tests to run]" : "";

    private const string NoTests = "\ntesting: warning: no tests to run\n";

    private static string WithNewline(string output) => output.Length > 0 && !output.EndsWith('\n') ? output + "\n" : output;
}
