using Kiln.Core;
using Kiln.Testing;

namespace Kiln.Store.Tests;

/// A store in a fresh temp directory, with a recording observer.
internal sealed class StoreFixture : IDisposable
{
    public TempDirectory Temp { get; } = new("kiln-store");
    public RecordingObserver Events { get; } = new();
    public LocalStore Store { get; }

    public StoreFixture() => Store = new LocalStore(Temp.Combine("store"), observer: Events);

    public string StoreRoot => Temp.Combine("store");

    /// Temp files anywhere in a store: the temp directory's, and those written beside entries.
    public static IEnumerable<string> TempFiles(string storeRoot) =>
        Directory.EnumerateFiles(Path.Combine(storeRoot, "tmp")).Concat(Directory.EnumerateFiles(storeRoot, ".tmp-*", SearchOption.AllDirectories));

    public void Dispose() => Temp.Dispose();
}

internal sealed class RecordingObserver : IBuildObserver
{
    private readonly List<BuildEvent> _events = [];
    public IReadOnlyList<BuildEvent> Events { get { lock (_events) return [.. _events]; } }
    public void On(BuildEvent e) { lock (_events) _events.Add(e); }
}
