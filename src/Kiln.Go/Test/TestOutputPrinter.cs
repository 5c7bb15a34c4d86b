using System.Text;

namespace Kiln.Go.Test;

/// go test's output as the test binaries run (its runTestActor): with -json every package's events as they
/// happen, a package's only after the start events of the packages before it (go test starts its runs in that
/// order); in text, the output of a run that go test shows unbuffered (-v on one package, -bench) as it comes,
/// once the packages before it have printed their verdicts. `Write` gets a running binary's output (from the
/// runner's thread); `Complete` gets each package's result, in the order of the packages, and prints the rest:
/// the verdict line after a streamed run, the whole package for one that did not run here (a cached result, a
/// build failure, no test files).
public sealed class TestOutputPrinter
{
    private readonly Lock _lock = new();
    private readonly TextWriter _out;
    private readonly bool _json;
    private readonly Func<DateTimeOffset> _clock;
    private readonly Dictionary<string, Stream> _streams;
    private readonly List<Stream> _order;
    private int _open; // every package before this one has started (-json) or completed (text): it prints straight through

    private sealed class Stream(int index, string importPath)
    {
        public int Index { get; } = index;
        public string ImportPath { get; } = importPath;
        public TestJsonConverter? Converter { get; set; }
        public List<TestJsonEvent> Events { get; } = [];
        public Decoder Text { get; } = Encoding.UTF8.GetDecoder();
        public StringBuilder Pending { get; } = new();
        public bool Streamed { get; set; }
        public bool AtLineStart { get; set; } = true;
        public bool Started { get; set; }
        public bool Completed { get; set; }
    }

    public TestOutputPrinter(IReadOnlyList<string> packages, TextWriter output, bool json, Func<DateTimeOffset> clock)
    {
        _out = output;
        _json = json;
        _clock = clock;
        _order = [.. packages.Select((p, i) => new Stream(i, p))];
        _streams = _order.ToDictionary(s => s.ImportPath, StringComparer.Ordinal);
    }

    /// A chunk of the output of a package's test binary, as it runs.
    public void Write(string importPath, ReadOnlyMemory<byte> chunk)
    {
        if (chunk.IsEmpty) return;
        lock (_lock)
        {
            if (!_streams.TryGetValue(importPath, out var s) || s.Completed) return;
            s.Streamed = true;
            s.AtLineStart = chunk.Span[^1] == (byte)'\n';
            if (_json)
            {
                s.Converter ??= new TestJsonConverter(importPath, _clock, e => Emit(s, e)); // its start event, at once
                s.Converter.Write(chunk.Span);
            }
            else
            {
                var chars = new char[s.Text.GetCharCount(chunk.Span, flush: false)];
                s.Text.GetChars(chunk.Span, chars, flush: false);
                Print(s, new string(chars).Replace("\u0016", "", StringComparison.Ordinal)); // test2json's markers (-json for a report)
            }
            Advance();
        }
    }

    /// Prints the rest of a package once its result is in; with -json, returns all its events.
    public IReadOnlyList<TestJsonEvent> Complete(PackageTestResult result, bool showPassingOutput)
    {
        lock (_lock)
        {
            var s = _streams[result.ImportPath];
            if (_json)
            {
                if (s.Converter is null)
                {
                    foreach (var e in result.JsonEvents(_clock)) Emit(s, e);
                }
                else result.FinishJson(s.Converter, s.AtLineStart);
            }
            else if (s.Streamed) Print(s, (s.AtLineStart ? "" : "\n") + result.VerdictLine());
            else Print(s, result.Render(showPassingOutput));
            s.Completed = true;
            Advance();
            return s.Events;
        }
    }

    private void Emit(Stream s, TestJsonEvent e)
    {
        s.Events.Add(e);
        s.Started = true;
        Print(s, e.ToJson() + "\n");
    }

    private void Print(Stream s, string text)
    {
        if (s.Index > _open) s.Pending.Append(text);
        else _out.Write(text);
    }

    /// Opens the packages whose turn has come, printing what they held back.
    private void Advance()
    {
        while (_open < _order.Count && (_json ? _order[_open].Started : _order[_open].Completed))
        {
            _open++;
            if (_open < _order.Count && _order[_open].Pending is { Length: > 0 } pending)
            {
                _out.Write(pending.ToString());
                pending.Clear();
            }
        }
        _out.Flush();
    }
}
