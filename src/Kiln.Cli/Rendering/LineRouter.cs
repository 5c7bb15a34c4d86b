using System.Text;

namespace Kiln.Cli.Rendering;

/// A TextWriter that hands each complete line to `writeLine` (so it can be printed above a live view).
/// A trailing partial line is handed on by Flush.
internal sealed class LineRouter(Action<string> writeLine) : TextWriter
{
    private readonly StringBuilder _pending = new();
    private readonly Lock _lock = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_lock)
        {
            if (value == '\n')
            {
                var line = _pending.ToString().TrimEnd('\r');
                _pending.Clear();
                writeLine(line);
            }
            else _pending.Append(value);
        }
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        lock (_lock)
        {
            foreach (var c in value) Write(c);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_lock)
        {
            for (var i = index; i < index + count; i++) Write(buffer[i]);
        }
    }

    public override void Flush()
    {
        lock (_lock)
        {
            if (_pending.Length == 0) return;
            var line = _pending.ToString();
            _pending.Clear();
            writeLine(line);
        }
    }
}
