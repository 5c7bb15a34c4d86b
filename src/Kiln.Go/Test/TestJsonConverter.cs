using System.Globalization;
using System.Text;

namespace Kiln.Go.Test;

/// A port of Go 1.23's cmd/internal/test2json in Timestamp mode (go test -json): turns a test binary's
/// `-test.v=test2json` output, followed by go test's own `ok`/`FAIL` line, into events. Framing lines
/// (`=== RUN`, `--- PASS:` …) become run/pause/cont/pass/fail/skip/bench events, everything else output
/// events attributed to the current test; a ^V marker introduces framing lines once the binary used one.
public sealed class TestJsonConverter
{
    public const byte Marker = 0x16;

    private static readonly string[] Updates = ["=== RUN   ", "=== PAUSE ", "=== CONT  ", "=== NAME  ", "=== PASS  ", "=== FAIL  ", "=== SKIP  "];
    private static readonly string[] Reports = ["--- PASS: ", "--- FAIL: ", "--- SKIP: ", "--- BENCH: "];

    private readonly string _package;
    private readonly Func<DateTimeOffset> _clock;
    private readonly Action<TestJsonEvent> _emit;
    private readonly TestJsonLineBuffer _input;
    private readonly TestJsonLineBuffer _output;
    private readonly List<TestJsonEvent> _report = [];
    private string _testName = "";
    private string _result = "";
    private bool _needMarker;

    /// Emits the `start` event at once, as test2json.NewConverter does.
    public TestJsonConverter(string package, Func<DateTimeOffset> clock, Action<TestJsonEvent> emit)
    {
        _package = package;
        _clock = clock;
        _emit = emit;
        _output = new TestJsonLineBuffer(1024, WriteOutputEvent, WriteOutputEvent);
        _input = new TestJsonLineBuffer(4096, HandleInputLine, _output.Write);
        WriteEvent("start", "", null, null);
    }

    /// Converts a whole package's output in one go; `elapsed` is the package event's Elapsed.
    public static List<TestJsonEvent> Convert(string package, ReadOnlySpan<byte> output, bool exitedOk, double elapsed, Func<DateTimeOffset> clock)
    {
        var events = new List<TestJsonEvent>();
        var c = new TestJsonConverter(package, clock, events.Add);
        c.Write(output);
        c.Exited(exitedOk);
        c.Close(elapsed);
        return events;
    }

    public void Write(ReadOnlySpan<byte> data) => _input.Write(data);

    public void Exited(bool ok)
    {
        if (!ok) _result = "fail";
        else if (_result != "skip") _result = "pass";
    }

    public void Close(double elapsedSeconds)
    {
        _input.Flush();
        _output.Flush();
        if (_result.Length > 0) WriteEvent(_result, "", Math.Round(elapsedSeconds, 3), null);
    }

    private void HandleInputLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty) return;
        var sawMarker = false;
        if (_needMarker && line[0] != Marker)
        {
            _output.Write(line);
            return;
        }
        if (line[0] == Marker)
        {
            _output.Flush();
            sawMarker = true;
            line = line[1..];
        }

        var trim = line;
        if (trim.Length > 0 && trim[^1] == '\n')
        {
            trim = trim[..^1];
            if (trim.Length > 0 && trim[^1] == '\r') trim = trim[..^1];
        }
        if (trim.SequenceEqual("=== NAME"u8))
        {
            line = "=== NAME  \n"u8;
            trim = line[..^1];
        }

        if (trim.SequenceEqual("PASS"u8) || trim.SequenceEqual("FAIL"u8) || trim.StartsWith("FAIL\t"u8))
        {
            FlushReport(0);
            _testName = "";
            _needMarker = sawMarker;
            _output.Write(line);
            _result = trim.SequenceEqual("PASS"u8) ? "pass" : "fail";
            return;
        }

        if (line.StartsWith("?   \t"u8) && trim.EndsWith("\t[no test files]"u8) && _report.Count == 0) _result = "skip";

        var actionColon = false;
        var origLine = line;
        var ok = false;
        foreach (var u in Updates) ok |= StartsWith(line, u);
        var indent = 0;
        if (!ok)
        {
            while (line.StartsWith("    "u8))
            {
                line = line[4..];
                indent++;
            }
            foreach (var r in Reports)
            {
                if (!StartsWith(line, r)) continue;
                actionColon = true;
                ok = true;
                break;
            }
        }
        if (!ok)
        {
            if (indent > 0 && indent <= _report.Count) _testName = _report[indent - 1].Test;
            _output.Write(origLine);
            return;
        }

        var i = actionColon ? line.IndexOf((byte)':') + 1 : 0;
        if (i == 0) i = Updates[0].Length;
        var action = Encoding.UTF8.GetString(line[4..i]).Trim();
        if (action.EndsWith(':')) action = action[..^1];
        action = action.ToLowerInvariant();
        var name = Encoding.UTF8.GetString(line[i..]).Trim();

        if (line[0] == '-')
        {
            double? elapsed = null;
            var paren = name.IndexOf(" (", StringComparison.Ordinal);
            if (paren >= 0)
            {
                if (name.EndsWith("s)", StringComparison.Ordinal)
                    && double.TryParse(name[(paren + 2)..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var t))
                    elapsed = t;
                name = name[..paren];
            }
            if (_report.Count < indent)
            {
                _output.Write(origLine);
                return;
            }
            _needMarker = sawMarker;
            FlushReport(indent);
            _testName = name;
            _report.Add(new TestJsonEvent(null, action, _package, name, elapsed, null));
            _output.Write(origLine);
            return;
        }

        _needMarker = sawMarker;
        FlushReport(0);
        _testName = name;
        if (action == "name") return;
        if (action == "pause") _output.Write(origLine);
        WriteEvent(action, "", null, null);
        if (action != "pause") _output.Write(origLine);
    }

    private static bool StartsWith(ReadOnlySpan<byte> line, string prefix)
    {
        if (line.Length < prefix.Length) return false;
        for (var i = 0; i < prefix.Length; i++)
            if (line[i] != prefix[i]) return false;
        return true;
    }

    private void FlushReport(int depth)
    {
        _testName = "";
        while (_report.Count > depth)
        {
            var e = _report[^1];
            _report.RemoveAt(_report.Count - 1);
            WriteEvent(e.Action, e.Test, e.Elapsed, null);
        }
    }

    private void WriteOutputEvent(ReadOnlySpan<byte> output) => WriteEvent("output", "", null, output.ToArray());

    private void WriteEvent(string action, string test, double? elapsed, byte[]? output) =>
        _emit(new TestJsonEvent(_clock(), action, _package, test.Length > 0 ? test : _testName, elapsed, output));
}
