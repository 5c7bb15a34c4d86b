using System.Text.Json;

namespace Kiln.E2E.Tests;

/// go test -json / kiln test --json output: every line parsed as a test2json event.
internal static class TestEvents
{
    public sealed record Event(string Action, string Package, string Test, string Output, double? Elapsed);

    /// Every line must be a JSON object with an Action and a Package (test2json's contract).
    public static List<Event> Parse(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            string Get(string name) => e.TryGetProperty(name, out var v) ? v.GetString()! : "";
            Assert.True(e.TryGetProperty("Time", out var time) && time.TryGetDateTimeOffset(out _), line);
            return new Event(Get("Action"), Get("Package"), Get("Test"), Get("Output"),
                e.TryGetProperty("Elapsed", out var el) ? el.GetDouble() : null);
        })];

    /// The pass/fail/skip events, package-level and per test, as sorted `action package test` strings.
    public static List<string> Terminal(IEnumerable<Event> events) =>
        [.. events.Where(e => e.Action is "pass" or "fail" or "skip").Select(e => $"{e.Action} {e.Package} {e.Test}").Order(StringComparer.Ordinal)];
}
