using Kiln.Core;

namespace Kiln.Cli.Rendering;

/// Prints a failure for people: `error:` summary, aligned `label: value` lines, the `while:` chain, `hint:`.
internal static class ErrorRenderer
{
    public static void Write(TextWriter err, KilnException e)
    {
        err.WriteLine($"error: {e.Message}");
        var details = e.Details.ToList();
        foreach (var w in e.While) details.Add(("while", w));
        var width = details.Count == 0 ? 0 : details.Max(d => d.Label.Length);
        foreach (var (label, value) in details)
            err.WriteLine($"  {(label + ":").PadRight(width + 1)} {value}");
        if (e.Hint is { } hint) err.WriteLine($"hint: {hint}");
    }

    public static void WriteInternal(TextWriter err, Exception e, bool verbose)
    {
        err.WriteLine($"error: internal error: {e.GetType().Name}: {e.Message}");
        if (verbose) err.WriteLine(e.ToString());
        else err.WriteLine("hint: this is a bug in Kiln; run again with -v for details and report it");
    }
}
