using Kiln.Core;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Kiln.Cli.Rendering;

/// The live progress view on a terminal (Spectre.Console): done/total, cache hits and the actions running
/// now, redrawn in place on stderr. It starts with the first action and is cleared when stopped. Lines
/// other code writes meanwhile (warnings, failures, stdout on the same terminal) go through `WriteLine`,
/// which prints them above the view.
internal sealed class LiveProgress : IBuildObserver, IDisposable
{
    private const int MaxRunningShown = 8;
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _terminal;
    private readonly IAnsiConsole _console;
    private readonly ProgressModel _model;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _display;
    private bool _stopped, _cleared;

    public LiveProgress(TextWriter terminal, TimeProvider time)
    {
        _terminal = terminal;
        _model = new ProgressModel(time);
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(terminal),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
        });
    }

    public void On(BuildEvent e)
    {
        if (!_model.Apply(e)) return;
        lock (_lock)
        {
            if (_stopped || _display is not null) return;
            _display = _console.Live(Render()).AutoClear(true).Overflow(VerticalOverflow.Ellipsis).StartAsync(async ctx =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    ctx.UpdateTarget(Render());
                    try { await Task.Delay(Refresh, _stop.Token); }
                    catch (OperationCanceledException) { break; }
                }
            });
        }
    }

    /// Prints one line above the live view (or straight to the terminal when none is shown).
    public void WriteLine(string line)
    {
        lock (_lock)
        {
            if (_display is not null && !_cleared) _console.Write(new Text(line + "\n"));
            else _terminal.WriteLine(line);
        }
    }

    private IRenderable Render()
    {
        var s = _model.Snapshot();
        var rows = new List<IRenderable>
        {
            new Markup($"[bold]{Markup.Escape(s.Counter)}[/] {Markup.Escape(s.Phase)} [dim]·[/] {s.Cached} cached"
                + (s.Failed > 0 ? $" [dim]·[/] [red]{s.Failed} failed[/]" : "") + $" [dim]·[/] {s.Running.Count} running")
            { Overflow = Overflow.Ellipsis },
        };
        foreach (var r in s.Running.Take(MaxRunningShown))
            rows.Add(new Markup($"  {Markup.Escape(r.Description)} [dim]{r.Elapsed.TotalSeconds:0.0}s[/]") { Overflow = Overflow.Ellipsis });
        if (s.Running.Count > MaxRunningShown) rows.Add(new Markup($"  [dim]… {s.Running.Count - MaxRunningShown} more[/]"));
        return new Rows(rows);
    }

    /// Clears the view; later lines go straight to the terminal.
    public async Task StopAsync()
    {
        Task? display;
        lock (_lock)
        {
            if (_stopped) return;
            _stopped = true;
            display = _display;
        }
        await _stop.CancelAsync();
        if (display is not null) await display;
        lock (_lock) _cleared = true;
    }

    public void Dispose() => _stop.Dispose();
}
