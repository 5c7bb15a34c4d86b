using System.Globalization;
using System.Text;
using System.Xml;

namespace Kiln.Go.Test;

/// `--junit-xml`: one testsuite element per package (tests, failures, skipped, time) with a testcase
/// (classname = the package) per test, subtests and examples included, from the package's test2json events.
/// A failing test's failure element and a skipped one's skipped element hold its output. A package that failed without a failing
/// test (build failure, panic outside a test, timeout, TestMain exit) gets a `TestMain` testcase holding
/// the package output, as gotestsum reports it, so every failing package counts at least one failure.
public static class JUnitReport
{
    public static string Write(IEnumerable<(PackageTestResult Result, IReadOnlyList<TestJsonEvent> Events)> packages)
    {
        var suites = packages.Select(p => Suite(p.Result, p.Events)).ToList();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(new StringWriter(sb, CultureInfo.InvariantCulture), settings))
        {
            w.WriteStartElement("testsuites");
            w.WriteAttributeString("tests", Count(suites.Sum(s => s.Cases.Count)));
            w.WriteAttributeString("failures", Count(suites.Sum(s => s.Failures)));
            w.WriteAttributeString("errors", "0");
            w.WriteAttributeString("skipped", Count(suites.Sum(s => s.Skipped)));
            w.WriteAttributeString("time", Seconds(suites.Sum(s => s.Time)));
            foreach (var s in suites) WriteSuite(w, s);
            w.WriteEndElement();
        }
        return sb.ToString().Replace("encoding=\"utf-16\"", "encoding=\"UTF-8\"", StringComparison.Ordinal) + "\n";
    }

    private sealed record Case(string Name, string Result, double Time, string Output);

    private sealed record SuiteData(string Name, double Time, List<Case> Cases)
    {
        public int Failures => Cases.Count(c => c.Result == "fail");
        public int Skipped => Cases.Count(c => c.Result == "skip");
    }

    private static SuiteData Suite(PackageTestResult result, IReadOnlyList<TestJsonEvent> events)
    {
        var output = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        var cases = new List<Case>();
        foreach (var e in events)
        {
            var key = e.Test;
            if (e.Action == "output")
            {
                if (!output.TryGetValue(key, out var sb)) output[key] = sb = new StringBuilder();
                sb.Append(e.OutputText);
            }
            else if (e.Test.Length > 0 && e.Action is "pass" or "fail" or "skip")
            {
                cases.Add(new Case(e.Test, e.Action, e.Elapsed ?? 0, output.TryGetValue(key, out var sb) ? sb.ToString() : ""));
                output.Remove(key);
            }
        }
        var failed = result.Verdict is TestVerdict.Fail or TestVerdict.BuildFailed or TestVerdict.SetupFailed;
        if (failed && !cases.Any(c => c.Result == "fail"))
        {
            var text = result.Verdict is TestVerdict.BuildFailed or TestVerdict.SetupFailed ? result.Output : output.TryGetValue("", out var sb) ? sb.ToString() : result.Output;
            cases.Add(new Case("TestMain", "fail", 0, text));
        }
        var time = events.LastOrDefault(e => e.Test.Length == 0 && e.Action is "pass" or "fail" or "skip")?.Elapsed ?? 0;
        return new SuiteData(result.ImportPath, time, cases);
    }

    private static void WriteSuite(XmlWriter w, SuiteData s)
    {
        w.WriteStartElement("testsuite");
        w.WriteAttributeString("name", s.Name);
        w.WriteAttributeString("tests", Count(s.Cases.Count));
        w.WriteAttributeString("failures", Count(s.Failures));
        w.WriteAttributeString("errors", "0");
        w.WriteAttributeString("skipped", Count(s.Skipped));
        w.WriteAttributeString("time", Seconds(s.Time));
        foreach (var c in s.Cases)
        {
            w.WriteStartElement("testcase");
            w.WriteAttributeString("classname", s.Name);
            w.WriteAttributeString("name", XmlText(c.Name));
            w.WriteAttributeString("time", Seconds(c.Time));
            if (c.Result is "fail" or "skip")
            {
                w.WriteStartElement(c.Result == "fail" ? "failure" : "skipped");
                w.WriteAttributeString("message", c.Result == "fail" ? "Failed" : "Skipped");
                w.WriteString(XmlText(c.Output));
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(double s) => s.ToString("0.000", CultureInfo.InvariantCulture);

    /// Characters XML 1.0 cannot hold (terminal escapes, NUL) become U+FFFD.
    private static string XmlText(string text)
    {
        if (text.All(XmlConvert.IsXmlChar)) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i])) sb.Append(text[i]);
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i])) sb.Append(text, i++, 2);
            else sb.Append('\uFFFD');
        }
        return sb.ToString();
    }
}
