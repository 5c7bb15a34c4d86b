using System.Text.Json;

namespace Kiln.E2E.Tests;

/// `--profile` and `-v`'s critical path on a real build of the small corpus workspace, and the compiler's `-c`
/// (go's back-end concurrency), which must reach no action key.
public sealed class ProfileTests(BuildFixture fixture) : IClassFixture<BuildFixture>
{
    private KilnProcess Kiln(params (string Name, string Value)[] env) => new(fixture.StoreRoot,
        new Dictionary<string, string>(env.Select(e => KeyValuePair.Create(e.Name, e.Value))) { ["GOPROXY"] = "file://" + Corpus.ProxyDir });

    private sealed record Slice(string Name, int Pid, int Tid, double Start, double End, string? Outcome);

    [Fact]
    public async Task Build_Profile_HasASlicePerActionWithNestedPhases_AndCompilerConcurrencyChangesNoKey()
    {
        // Given the small workspace, built without -c (GO19CONCURRENTCOMPILATION=0), with a profile and -v
        var ws = Corpus.CopyWorkspace("small", Path.Combine(fixture.Path, "profile", "a"));
        var file = Path.Combine(fixture.Path, "profile", "a.json");
        var run = await Kiln(("GO19CONCURRENTCOMPILATION", "0")).RunAsync(ws, "build", "./...", "--allow-download", "-v", "--profile", file);
        Assert.True(run.ExitCode == 0, run.ToString());

        // When the profile is read
        var events = JsonDocument.Parse(File.ReadAllBytes(file)).RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var slices = events.Where(e => e.GetProperty("ph").GetString() == "X").Select(e => new Slice(
            e.GetProperty("name").GetString()!, e.GetProperty("pid").GetInt32(), e.GetProperty("tid").GetInt32(), e.GetProperty("ts").GetDouble(),
            e.GetProperty("ts").GetDouble() + e.GetProperty("dur").GetDouble(),
            e.TryGetProperty("args", out var args) && args.TryGetProperty("outcome", out var o) ? o.GetString() : null)).ToList();

        // Then every compile and link -v reported has its slice with that outcome, and an executed one ran its process inside it
        var reported = run.Stderr.Split('\n').Select(l => l.TrimEnd())
            .Where(l => l.StartsWith("run     ", StringComparison.Ordinal) || l.StartsWith("cached  ", StringComparison.Ordinal))
            .Select(l => (Executed: l.StartsWith("run", StringComparison.Ordinal), Action: l[8..]))
            .Where(r => r.Action.StartsWith("compile ", StringComparison.Ordinal) || r.Action.StartsWith("link ", StringComparison.Ordinal)).ToList();
        Assert.Contains(reported, r => r.Action == "link corpus.example/small/cmd/wordstat");
        Assert.True(reported.Count(r => r.Action.StartsWith("compile ", StringComparison.Ordinal)) > 50, run.ToString());
        foreach (var (executed, action) in reported)
        {
            var slice = Assert.Single(slices, s => s.Name == action && s.Outcome is not null);
            Assert.Equal(executed ? "executed" : "local cache hit", slice.Outcome);
            Assert.Equal(1, slice.Pid);
            if (executed)
                Assert.Contains(slices, s => s.Name == "process run" && s.Tid == slice.Tid && s.Pid == 1 && s.Start >= slice.Start && s.End <= slice.End + 0.001);
        }
        // slices of one track nest or follow each other; the engine's own work is on a track of its own
        foreach (var track in slices.GroupBy(s => (s.Pid, s.Tid)))
        {
            var open = new Stack<Slice>();
            foreach (var s in track.OrderBy(s => s.Start).ThenByDescending(s => s.End))
            {
                Assert.True(s.End >= s.Start, $"{s} ends before it starts");
                while (open.Count > 0 && open.Peek().End <= s.Start + 0.001) open.Pop();
                var parent = open.Count > 0 ? open.Peek() : null;
                Assert.True(parent is null || s.End <= parent.End + 0.001, $"{s} overlaps {parent} without nesting");
                open.Push(s);
            }
        }
        Assert.Contains(slices, s => s.Pid == 2 && s.Name.StartsWith("rule go.compile/", StringComparison.Ordinal));
        // -v's critical path ends with the binary's link
        var path = run.Stderr.Split('\n').SkipWhile(l => !l.StartsWith("critical path: ", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        Assert.NotEmpty(path);
        Assert.EndsWith("link corpus.example/small/cmd/wordstat", path[^1]);

        // And: with -c (GOMAXPROCS=4: -c=4) a copy's compiles all come from the action cache, keys unchanged
        var b = Corpus.CopyWorkspace("small", Path.Combine(fixture.Path, "profile", "b"));
        var withC = await Kiln(("GOMAXPROCS", "4")).RunAsync(b, "build", "./...");
        Assert.True(withC.ExitCode == 0, withC.ToString());
        Assert.Equal(0, withC.Summary!.Value.GetProperty("build").GetProperty("compiles_executed").GetInt64());
    }

    [Fact]
    public async Task Build_BadGo19ConcurrentCompilation_FailsNamingIt_ButListWorks()
    {
        var ws = Corpus.CopyWorkspace("small", Path.Combine(fixture.Path, "profile", "bad"));      // Given
        var kiln = Kiln(("GO19CONCURRENTCOMPILATION", "yes"));

        var build = await kiln.RunAsync(ws, "build", "./...", "--allow-download");                 // When
        var list = await kiln.RunAsync(ws, "list", "./...");

        Assert.Equal(2, build.ExitCode);                                                           // Then: a user error, as go refuses it
        Assert.Contains("GO19CONCURRENTCOMPILATION", build.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", build.Stderr, StringComparison.Ordinal);
        Assert.True(list.ExitCode == 0, list.ToString());
    }
}
