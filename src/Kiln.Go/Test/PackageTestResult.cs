namespace Kiln.Go.Test;

/// One package's test outcome: the verdict, the test binary's combined output (stdout and stderr as one
/// stream, or the build error), how long the run took and whether the result came from the cache.
public sealed record PackageTestResult(string ImportPath, TestVerdict Verdict, string Output, TimeSpan Elapsed, bool Cached)
{
    /// The lines go test prints for this package (`ok`, `FAIL`, `?`), preceded by output when go test shows it:
    /// always for failures, and for passes with -v or -bench.
    public string Render(bool showPassingOutput)
    {
        var time = Cached ? "(cached)" : $"{Elapsed.TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)}s";
        switch (Verdict)
        {
            case TestVerdict.NoTestFiles:
                return $"?   \t{ImportPath}\t[no test files]\n";
            case TestVerdict.Ok:
                return (showPassingOutput ? Output : "") + $"ok  \t{ImportPath}\t{time}\n";
            case TestVerdict.BuildFailed:
                return Output.TrimEnd('\n') + $"\nFAIL\t{ImportPath} [build failed]\n";
            default:
                var output = Output.Length > 0 && !Output.EndsWith('\n') ? Output + "\n" : Output;
                return output + $"FAIL\t{ImportPath}\t{time}\n";
        }
    }
}
