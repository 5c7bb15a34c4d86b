using System.Text.RegularExpressions;

namespace Kiln.E2E.Tests;

/// The per-package verdict lines of `go test` / `kiln test` output: `ok`, `FAIL` (also `[build failed]`, `[setup failed]`), `?`.
internal static partial class TestVerdicts
{
    [GeneratedRegex(@"^(ok  |FAIL|\?   )\t(\S+)(?:\t(.*)| \[(?:build|setup) failed\])$", RegexOptions.Multiline)]
    private static partial Regex Line();

    /// Package → `ok`, `FAIL` or `?`.
    public static SortedDictionary<string, string> Parse(string output) => new(
        Line().Matches(output).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value.Trim()), StringComparer.Ordinal);

    /// Package → the time column (`0.012s`, `(cached)`, `[no test files]`).
    public static SortedDictionary<string, string> Times(string output) => new(
        Line().Matches(output).ToDictionary(m => m.Groups[2].Value, m => m.Groups[3].Value), StringComparer.Ordinal);
}
