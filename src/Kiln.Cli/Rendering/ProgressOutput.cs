using Kiln.Core;

namespace Kiln.Cli.Rendering;

/// The writers and observer a command uses, chosen from the terminal: on a terminal a live view, with every
/// other stderr line (and stdout's, when stdout is the terminal too) printed above it; otherwise plain
/// periodic progress lines on stderr (none with -v, which prints every action). stdout never carries progress.
internal sealed class ProgressOutput : IAsyncDisposable
{
    private readonly LiveProgress? _live;
    private readonly PlainProgress? _plain;

    public ProgressOutput(TextWriter stdout, TextWriter stderr, TerminalInfo terminal, bool verbose, TimeProvider time)
    {
        if (terminal.StderrIsTerminal && terminal.LiveAllowed)
        {
            _live = new LiveProgress(stderr, time);
            Err = new LineRouter(_live.WriteLine);
            Out = terminal.StdoutIsTerminal ? new LineRouter(_live.WriteLine) : stdout;
            Observer = new ObserverPair(new ConsoleObserver(Err, verbose), _live);
        }
        else
        {
            Out = stdout;
            Err = stderr;
            var console = new ConsoleObserver(stderr, verbose);
            if (verbose) Observer = console;
            else
            {
                _plain = new PlainProgress(stderr, time, PlainProgress.DefaultInterval);
                Observer = new ObserverPair(console, _plain);
            }
        }
    }

    public TextWriter Out { get; }
    public TextWriter Err { get; }
    public IBuildObserver Observer { get; }

    /// Ends progress output (clears the live view): call before handing the terminal to another program
    /// and before the final error report. Later lines go straight to the real writers.
    public async Task StopAsync()
    {
        _plain?.Dispose();
        if (_live is not null) await _live.StopAsync();
        await Out.FlushAsync();
        await Err.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _live?.Dispose();
    }

    private sealed class ObserverPair(IBuildObserver first, IBuildObserver second) : IBuildObserver
    {
        public void On(BuildEvent e)
        {
            first.On(e);
            second.On(e);
        }
    }
}

/// What the process knows about its terminal: whether stderr/stdout are terminals, and whether a live view
/// is welcome (not with TERM=dumb or in CI).
internal sealed record TerminalInfo(bool StderrIsTerminal, bool StdoutIsTerminal, bool LiveAllowed)
{
    public static readonly TerminalInfo None = new(false, false, false);
}
