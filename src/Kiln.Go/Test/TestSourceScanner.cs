using System.Text.RegularExpressions;
using Kiln.Go.Packages;

namespace Kiln.Go.Test;

/// Finds test functions in gofmt-formatted Go source the way the go command's `loadTestFuncs` does with
/// go/parser and go/doc: top-level functions (no receiver) named Test*, Benchmark*, Fuzz*, Example* where
/// the character after the prefix is not a lower-case letter, `TestMain(m *testing.M)`, and an example's
/// output from the last comment group of its body (`// Output:` or `// Unordered output:`). Declarations are
/// recognised at the start of a line and bodies end at the first `}` line, which gofmt guarantees.
public static partial class TestSourceScanner
{
    [GeneratedRegex(@"^func\s+([\p{L}_][\p{L}\p{Nd}_]*)\s*(\[[^\]]*\])?\((.*?)\)", RegexOptions.CultureInvariant)]
    private static partial Regex FuncDecl();

    [GeneratedRegex(@"^\s*(unordered )?output:", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex OutputPrefix();

    /// Adds the functions of one file to `into`; `alias` is `_test` or `_xtest`.
    public static void Load(string source, string alias, TestFuncs into)
    {
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var seen = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var m = FuncDecl().Match(lines[i]);
            if (!m.Success) continue;
            var name = m.Groups[1].Value;
            var parameters = m.Groups[3].Value;
            if (name == "TestMain")
            {
                if (parameters.Contains("testing.T", StringComparison.Ordinal)) into.Tests.Add(new TestFunc(alias, name));
                else into.TestMain = new TestFunc(alias, name);
                seen = true;
            }
            else if (IsTest(name, "Test")) { into.Tests.Add(new TestFunc(alias, name)); seen = true; }
            else if (IsTest(name, "Benchmark")) { into.Benchmarks.Add(new TestFunc(alias, name)); seen = true; }
            else if (IsTest(name, "Fuzz")) { into.FuzzTargets.Add(new TestFunc(alias, name)); seen = true; }
            else if (IsTest(name, "Example") && parameters.Trim().Length == 0 && !m.Groups[2].Success)
            {
                if (ExampleOutput(lines, i) is { } output)
                {
                    into.Examples.Add(new TestFunc(alias, name, output.Text, output.Unordered));
                    seen = true;
                }
            }
        }
        if (!seen) return;
        if (alias == "_test") into.NeedTest = true;
        else into.NeedXtest = true;
    }

    /// go/doc's isTest: "Test" is a test, "Testing" is not, "Test_x" and "TestX" are.
    public static bool IsTest(string name, string prefix)
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return false;
        if (name.Length == prefix.Length) return true;
        return !char.IsLower(name, prefix.Length);
    }

    private static (string Text, bool Unordered)? ExampleOutput(string[] lines, int start)
    {
        if (lines[start].TrimEnd().EndsWith('}')) return null; // a one-line body has no comments
        var end = start + 1;
        while (end < lines.Length && lines[end] != "}") end++;
        var last = end - 1;
        while (last > start && lines[last].Trim().Length == 0) last--;
        var group = new List<string>();
        while (last > start && lines[last].TrimStart().StartsWith("//", StringComparison.Ordinal))
        {
            var c = lines[last].TrimStart()[2..];
            if (c.StartsWith(' ')) c = c[1..];
            group.Insert(0, c.TrimEnd());
            last--;
        }
        while (group.Count > 0 && group[0].Length == 0) group.RemoveAt(0);
        while (group.Count > 0 && group[^1].Length == 0) group.RemoveAt(group.Count - 1);
        if (group.Count == 0) return null;
        var text = string.Join('\n', group) + "\n";
        var m = OutputPrefix().Match(text);
        if (!m.Success) return null;
        text = text[m.Length..].TrimStart(' ');
        if (text.StartsWith('\n')) text = text[1..];
        return (text, m.Groups[1].Success);
    }

    /// The test functions of p's internal and external test files, each read by `read` (its name in the package).
    public static TestFuncs ScanPackage(GoPackage p, Func<string, string> read) =>
        Scan(p.TestGoFiles.Select(f => (read(f), "_test")).Concat(p.XTestGoFiles.Select(f => (read(f), "_xtest"))));

    /// Whether the test main imports p itself: p has non-test files or internal test files (load.TestPackagesFor).
    public static bool MainImportsPackage(GoPackage p) => p.GoFiles.Count + p.CgoFiles.Count + p.TestGoFiles.Count > 0;

    /// Scans every file; a file that cannot be read is an internal error of the caller's listing.
    public static TestFuncs Scan(IEnumerable<(string Source, string Alias)> files)
    {
        var funcs = new TestFuncs();
        foreach (var (source, alias) in files) Load(source, alias, funcs);
        return funcs;
    }
}
