using System.Text.RegularExpressions;
using Kiln.Go.Packages;

namespace Kiln.Go.Test;

/// Finds test functions in Go source the way the go command's `loadTestFuncs` does with go/parser and go/doc:
/// top-level functions (no receiver) named Test*, Benchmark*, Fuzz*, Example* where the character after the
/// prefix is not a lower-case letter, `TestMain(m *testing.M)`, and an example's output from the last comment
/// group of its body (`// Output:` or `// Unordered output:`). Declarations come from a lexer (GoFuncDecls), so
/// comments, strings and formatting cannot hide or invent one.
public static partial class TestSourceScanner
{
    [GeneratedRegex(@"^\s*(unordered )?output:", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex OutputPrefix();

    /// Adds the functions of one file to `into`; `alias` is `_test` or `_xtest`.
    public static void Load(string source, string alias, TestFuncs into)
    {
        var seen = false;
        foreach (var d in GoFuncDecls.Scan(source.Replace("\r\n", "\n", StringComparison.Ordinal)).Where(d => !d.Receiver))
        {
            var name = d.Name;
            if (name == "TestMain")
            {
                if (d.Params.Contains("testing.T", StringComparison.Ordinal)) into.Tests.Add(new TestFunc(alias, name));
                else into.TestMain = new TestFunc(alias, name);
                seen = true;
            }
            else if (IsTest(name, "Test")) { into.Tests.Add(new TestFunc(alias, name)); seen = true; }
            else if (IsTest(name, "Benchmark")) { into.Benchmarks.Add(new TestFunc(alias, name)); seen = true; }
            else if (IsTest(name, "Fuzz")) { into.FuzzTargets.Add(new TestFunc(alias, name)); seen = true; }
            else if (IsTest(name, "Example") && d.Params.Trim().Length == 0 && d.HasBody && ExampleOutput(d.LastBodyComment) is { } output)
            {
                into.Examples.Add(new TestFunc(alias, name, output.Text, output.Unordered));
                seen = true;
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

    /// go/doc's exampleOutput: the text after the output prefix of the body's last comment group.
    private static (string Text, bool Unordered)? ExampleOutput(string? lastComment)
    {
        if (lastComment is null) return null;
        var m = OutputPrefix().Match(lastComment);
        if (!m.Success) return null;
        var text = lastComment[m.Length..].TrimStart(' ');
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
