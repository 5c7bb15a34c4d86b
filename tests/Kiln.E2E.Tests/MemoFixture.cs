using System.Globalization;
using System.Security.Cryptography;
using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// Two stores for the tests that check the persistent memo against clean builds: the store under test, and a
/// clean store whose builds never see a trace (each runs in a fresh directory with the trace database gone), so
/// its results come from the sources and the action cache only. The clean store is separate, so nothing the
/// store under test records can reach a clean result; it is made once per run (a fresh store per step would
/// compile the standard library each time). Also the edit template (EditableWorkspace).
public sealed class MemoFixture : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("kiln-e2e-memo");
    private readonly Dictionary<string, Outcome> _cleanOutcomes = new(StringComparer.Ordinal);
    private int _cleanRuns;

    public string Path => _temp.Path;
    public string Template => _temp.Combine("template");
    private string CleanStore => _temp.Combine("clean-store");

    public string StoreRoot => _temp.Combine("store");
    internal KilnProcess Kiln => new(StoreRoot, Env);
    private KilnProcess Clean => new(CleanStore, Env);
    private static Dictionary<string, string> Env => new() { ["GOPROXY"] = "file://" + Corpus.ProxyDir };

    public async ValueTask InitializeAsync() => await EditableWorkspace.CreateTemplateAsync(Template);

    /// What a clean `kiln build ./...` (and, with `test`, `kiln test ./...`) gives for the sources of `ws` now.
    /// The same sources give the same clean outcome: a state seen before (an undo, a branch switched back) is not
    /// built again.
    internal async Task<Outcome> CleanOutcomeAsync(EditableWorkspace ws, bool test)
    {
        var sources = ws.SourcesDigest() + (test ? " test" : "");
        if (_cleanOutcomes.TryGetValue(sources, out var known)) return known;
        var dir = _temp.Combine("clean", (++_cleanRuns).ToString(CultureInfo.InvariantCulture));
        ws.CopySourcesTo(dir);
        var traces = System.IO.Path.Combine(CleanStore, "traces");
        if (Directory.Exists(traces)) Directory.Delete(traces, recursive: true);
        var outcome = await OutcomeAsync(Clean, dir, test);
        Directory.Delete(dir, recursive: true);
        _cleanOutcomes[sources] = outcome;
        return outcome;
    }

    /// What `kiln build ./...` (and `kiln test ./...`) in `dir` with `kiln` gives: exit codes, the binaries it
    /// names (by digest) and the test verdicts.
    internal static async Task<Outcome> OutcomeAsync(KilnProcess kiln, string dir, bool test)
    {
        var build = await kiln.RunAsync(dir, "build", "./...", "--allow-download");
        // A failed build may print the binaries that linked before it stopped: which ones is timing, not a result.
        IEnumerable<string> binaries = build.ExitCode != 0 ? [] : build.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(rel => $"{rel} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(System.IO.Path.Combine(dir, rel))))}")
            .Order(StringComparer.Ordinal);
        var lines = new List<string> { $"build: exit {build.ExitCode}" };
        lines.AddRange(binaries);
        if (test)
        {
            var run = await kiln.RunAsync(dir, "test", "./...", "--allow-download");
            lines.Add($"test: exit {run.ExitCode}");
            lines.AddRange(TestVerdicts.Parse(run.Stdout).Select(v => $"{v.Value} {v.Key}"));
            return new Outcome(string.Join('\n', lines), build, run);
        }
        return new Outcome(string.Join('\n', lines), build, null);
    }

    public ValueTask DisposeAsync()
    {
        _temp.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// A run's observable result (`Text`, compared with a clean run's) and the runs, for failure messages.
internal sealed record Outcome(string Text, KilnRun Build, KilnRun? Test)
{
    public string Details => $"kiln build: {Build}" + (Test is null ? "" : $"\nkiln test: {Test}");
}
