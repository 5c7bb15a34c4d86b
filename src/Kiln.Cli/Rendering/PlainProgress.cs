using Kiln.Core;

namespace Kiln.Cli.Rendering;

/// Progress for logs (stderr is not a terminal, e.g. CI): one `[done/total] ... (N cached)` line at most
/// every `interval`, only when something changed, never one line per action (that is `-v`). The command's
/// own final summary line follows at the end.
internal sealed class PlainProgress : IBuildObserver, IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    private readonly TextWriter _err;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ProgressModel _model;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private long _lastPrinted, _printedVersion;
    private bool _stopped;

    public PlainProgress(TextWriter err, TimeProvider time, TimeSpan interval)
    {
        _err = err;
        _time = time;
        _interval = interval;
        _model = new ProgressModel(time);
        _lastPrinted = time.GetTimestamp();
        _timer = time.CreateTimer(_ => MaybePrint(), null, interval, interval);
    }

    public void On(BuildEvent e)
    {
        if (e is WorkPlanned) lock (_lock) _lastPrinted = _time.GetTimestamp();   // a phase's first line comes an interval after it began
        if (_model.Apply(e)) MaybePrint();
    }

    private void MaybePrint()
    {
        lock (_lock)
        {
            if (_stopped || _time.GetElapsedTime(_lastPrinted) < _interval) return;
            var snapshot = _model.Snapshot();
            if (snapshot.Version == _printedVersion) return;
            _err.WriteLine(snapshot.PlainLine());
            _lastPrinted = _time.GetTimestamp();
            _printedVersion = snapshot.Version;
        }
    }

    public void Dispose()
    {
        lock (_lock) _stopped = true;
        _timer.Dispose();
    }
}
