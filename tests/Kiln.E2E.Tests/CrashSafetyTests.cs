using System.Diagnostics;
using System.Globalization;

namespace Kiln.E2E.Tests;

/// Issue 12 item 3: the store and the trace database survive kill -9 at any moment and several Kiln processes at
/// once: the next build is always what a clean build gives.
[Collection(MemoCollection.Name)]
public sealed class CrashSafetyTests(MemoFixture fixture)
{
    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;

    /// KILN_E2E_CRASH_TRIALS raises the number of kills; KILN_E2E_CRASH_SEED replays one run of them.
    [Fact]
    public async Task Build_KilledAtRandomMoments_NextBuildEqualsCleanBuild()
    {
        var trials = Setting("KILN_E2E_CRASH_TRIALS", 20);                                      // Given
        var seed = Setting("KILN_E2E_CRASH_SEED", Random.Shared.Next(1, int.MaxValue));
        var random = new Random(seed);
        var ws = EditableWorkspace.CopyOf(fixture.Template, Path.Combine(fixture.Path, "crash"));
        Assert.Equal((await fixture.CleanOutcomeAsync(ws, test: false)).Text, (await MemoFixture.OutcomeAsync(fixture.Kiln, ws.Root, test: false)).Text);
        // Only the body of stats and the API of render change, among three values each: few states to build clean.
        var (body, api) = (0, 0);
        await ws.ApplyAsync(new WorkspaceEdit(EditKind.BodyEdit, 4 * ++body));
        var timer = Stopwatch.StartNew();
        Assert.Equal(0, (await fixture.Kiln.RunAsync(ws.Root, "build", "./...")).ExitCode);
        var runs = timer.Elapsed;                                   // how long a run after an edit takes: kept up to date, as load varies
        var failures = new List<string>();
        var killed = 0;

        for (var trial = 1; trial <= trials; trial++)                                            // When
        {
            var edit = random.Next(2) == 0
                ? new WorkspaceEdit(EditKind.BodyEdit, 4 * (body = (body + 1 + random.Next(2)) % 3))
                : new WorkspaceEdit(EditKind.ApiEdit, 2 + 4 * (api = (api + 1 + random.Next(2)) % 3));
            var did = await ws.ApplyAsync(edit);
            // Half of the kills late in the run, where the traces are written; a quarter of them kill `kiln test`.
            var at = runs * (random.Next(2) == 0 ? random.NextDouble() : 0.6 + 0.4 * random.NextDouble());
            string[] command = random.Next(4) == 0 ? ["test", "./..."] : ["build", "./..."];
            var (wasKilled, ran) = await fixture.Kiln.RunAndKillAsync(ws.Root, at, command);
            if (wasKilled) killed++;
            else runs = (runs + ran) / 2;
            var next = await MemoFixture.OutcomeAsync(fixture.Kiln, ws.Root, test: false);
            var clean = await fixture.CleanOutcomeAsync(ws, test: false);
            if (next.Text != clean.Text)
                failures.Add($"trial {trial} ({did}; kiln {command[0]} killed after {at.TotalMilliseconds:F0} ms):\n{next.Text}\nclean:\n{clean.Text}\n{next.Details}");
        }
        var tested = await MemoFixture.OutcomeAsync(fixture.Kiln, ws.Root, test: true);
        var cleanTested = await fixture.CleanOutcomeAsync(ws, test: true);

        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} of {trials} builds after a kill differ from a clean build\n" // Then
            + string.Join("\n\n", failures));
        Assert.All(Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "traces")),             // a killed writer left no torn temp file there
            f => Assert.Matches("^[0-9a-f]{32}(\\.why)?$", Path.GetFileName(f)));
        Assert.True(killed >= trials / 4, $"seed {seed}: only {killed} of {trials} runs were still running when killed");
        Assert.True(tested.Text == cleanTested.Text, $"seed {seed}: kiln test after the kills:\n{tested.Text}\nclean:\n{cleanTested.Text}\n{tested.Details}");
    }

    [Fact]
    public async Task Build_FourProcessesOnOneStoreAtOnce_AllSucceedWithCleanOutputs()
    {
        var ws = EditableWorkspace.CopyOf(fixture.Template, Path.Combine(fixture.Path, "concurrent"));   // Given
        await ws.ApplyAsync(new WorkspaceEdit(EditKind.BodyEdit, 1 + 4 * 4));   // config: a state no other test builds
        await ws.ApplyAsync(new WorkspaceEdit(EditKind.ApiEdit, 0 + 4 * 4));    // stats: everything above it recompiles
        var clean = await fixture.CleanOutcomeAsync(ws, test: false);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fixture.Kiln.RunAsync(ws.Root, "build", "./...", "--allow-download")));  // When
        var binary = Path.Combine(ws.Root, "dist", "cmd", "wordstat", "wordstat");
        var written = File.ReadAllBytes(binary);
        var after = await MemoFixture.OutcomeAsync(fixture.Kiln, ws.Root, test: true);

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));               // Then
        Assert.All(runs, run => Assert.Equal("dist/cmd/wordstat/wordstat", run.Stdout.Trim()));
        Assert.Contains($"dist/cmd/wordstat/wordstat {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(written))}", clean.Text, StringComparison.Ordinal);
        Assert.Equal((await fixture.CleanOutcomeAsync(ws, test: true)).Text, after.Text);      // the traces they left are sound
    }
}
