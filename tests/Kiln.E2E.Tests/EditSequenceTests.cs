using System.Globalization;
using CsCheck;

namespace Kiln.E2E.Tests;

/// Issue 12 item 6: random sequences of edits (EditKind) to a copy of the small workspace. After every edit,
/// `kiln build ./...` and `kiln test ./...` with the traces of the previous runs give exactly what clean runs give:
/// the same exit codes, bit-identical binaries, the same test verdicts. No sleeps between an edit and the next
/// run: an edit in the clock tick of the last stamp must be seen (the racy-stamp rule).
/// CI runs few short sequences; KILN_E2E_EDIT_SEQUENCES, KILN_E2E_EDIT_STEPS and KILN_E2E_EDIT_SEED run more
/// (or replay one) locally. A failing sequence is shrunk (one edit dropped at a time while it still fails) and
/// printed as the list of edits with what each did.
[Collection(MemoCollection.Name)]
public sealed class EditSequenceTests(MemoFixture fixture)
{
    private int _sequences;

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;

    [Fact]
    public async Task BuildAndTest_AfterEachRandomEdit_EqualCleanRuns()
    {
        var sequences = Setting("KILN_E2E_EDIT_SEQUENCES", 2);                                  // Given
        var steps = Setting("KILN_E2E_EDIT_STEPS", 5);
        var edits = Gen.Select(Gen.Int[0, Enum.GetValues<EditKind>().Length - 1], Gen.Int[0, 59], (kind, choice) => new WorkspaceEdit((EditKind)kind, choice))
            .Array[1, steps];

        await edits.SampleAsync(async sequence =>                                              // When
        {
            if (await FirstMismatchAsync(sequence) is not { } mismatch) return;                 // Then
            var shrunk = await ShrinkAsync(sequence);
            Assert.Fail($"after edits differ from a clean run.\nshrunk sequence: {string.Join(", ", shrunk.Sequence)}\n{shrunk.Mismatch}\n\n"
                + $"first failing sequence: {string.Join(", ", sequence)}\n{mismatch}");
        }, iter: sequences, threads: 1, seed: Environment.GetEnvironmentVariable("KILN_E2E_EDIT_SEED"), print: s => string.Join(", ", s));
    }

    /// Runs the sequence on a fresh copy of the template; null when every step equals a clean run, else the steps
    /// applied and the two outcomes of the first step that differs.
    private async Task<string?> FirstMismatchAsync(IReadOnlyList<WorkspaceEdit> sequence)
    {
        var ws = EditableWorkspace.CopyOf(fixture.Template, Path.Combine(fixture.Path, "seq", (++_sequences).ToString(CultureInfo.InvariantCulture)));
        var done = new List<string> { "0. the template" };
        for (var step = 0; step <= sequence.Count; step++)
        {
            if (step > 0) done.Add($"{step}. {await ws.ApplyAsync(sequence[step - 1])}");
            TestContext.Current.TestOutputHelper?.WriteLine($"sequence {_sequences}, {done[^1]}");
            var actual = await MemoFixture.OutcomeAsync(fixture.Kiln, ws.Root, test: true);
            var clean = await fixture.CleanOutcomeAsync(ws, test: true);
            if (actual.Text != clean.Text)
                return $"steps:\n{string.Join('\n', done)}\nwith traces:\n{actual.Text}\nclean:\n{clean.Text}\n\n{actual.Details}\n\nclean {clean.Details}";
        }
        return null;
    }

    private async Task<(IReadOnlyList<WorkspaceEdit> Sequence, string Mismatch)> ShrinkAsync(IReadOnlyList<WorkspaceEdit> sequence)
    {
        var mismatch = await FirstMismatchAsync(sequence) ?? "(the sequence did not fail again: flaky?)";
        for (var i = sequence.Count - 1; i >= 0 && sequence.Count > 1; i--)
        {
            IReadOnlyList<WorkspaceEdit> shorter = [.. sequence.Take(i), .. sequence.Skip(i + 1)];
            if (await FirstMismatchAsync(shorter) is not { } still) continue;
            (sequence, mismatch) = (shorter, still);
        }
        return (sequence, mismatch);
    }
}
