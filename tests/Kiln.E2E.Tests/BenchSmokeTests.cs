using System.Diagnostics;
using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// `bench/run.sh --smoke` runs end to end (small workspace, one round of every scenario but test-cold, whose
/// preparation and timing are build-cold's and which would add two cold test runs to CI), so the harness never rots.
public sealed class BenchSmokeTests
{
    private static readonly string[] Scenarios =
        ["build-cold", "build-noop", "leaf-edit", "core-body-edit", "core-api-edit", "test-cached", "list-cold", "list-warm"];

    [Fact]
    public async Task BenchSmoke_SmallWorkspace_EveryScenarioSucceeds_AndWritesTheTable()
    {
        using var temp = new TempDirectory("kiln-bench-smoke");
        var kiln = KilnProcess.Executable;
        var psi = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "bench", "run.sh"), "--smoke", "--kiln", kiln, "--out", temp.Path,
            "--scenarios", string.Join(' ', Scenarios)])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["KILN_GOPROXY_DIR"] = Corpus.ProxyDir;
        psi.Environment["KILN_SHARED"] = Corpus.SharedDir;
        psi.Environment["TMPDIR"] = temp.Path;

        var ct = TestContext.Current.CancellationToken;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);

        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}\n{await stdout}\n{await stderr}");
        var table = Assert.Single(Directory.GetFiles(temp.Path, "*-smoke.md"));
        var text = File.ReadAllText(table);
        foreach (var scenario in Scenarios)
        {
            // Once in the timing table (a ratio) and once in Kiln's summary breakdown.
            Assert.Matches($@"\| small \| {scenario} \| \d+ ms .*\| \d+(\.\d+)?× \| 1 \|", text);
            Assert.Equal(2, text.Split($"| small | {scenario} |").Length - 1);
        }
        Assert.Equal(text.TrimEnd(), (await stdout).TrimEnd());
    }
}
