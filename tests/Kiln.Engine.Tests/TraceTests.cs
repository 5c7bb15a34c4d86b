using System.Collections.Concurrent;
using Kiln.Core;

namespace Kiln.Engine.Tests;

/// Verifying traces across runs: reuse when nothing changed, recompute on a change, early cutoff on an
/// equal result, and a damaged database discarded.
public sealed class TraceTests
{
    /// A file of a fake world: volatile, its cutoff is the content only (its stamp is left out).
    public sealed record Input(string Name);

    public sealed record Derived(string Name);

    private sealed class World
    {
        public ConcurrentDictionary<string, (int Stamp, string Content)> Files { get; } = new();
    }

    private sealed class InputRule(World world, ConcurrentQueue<string> log) : IPersistentRule<Input, string>
    {
        public string Kind => "test.input/v1";
        public bool IsVolatile => true;
        public string EncodeKey(Input key) => key.Name;
        public Input DecodeKey(string text) => new(text);
        public void WriteValue(TraceWriter writer, string value) => writer.String(value);
        public string ReadValue(TraceReader reader) => reader.String();
        public Digest? CutoffOf(string value) => Digest.Of(System.Text.Encoding.UTF8.GetBytes(value.Split('|')[1]));

        public ValueTask<string> ComputeAsync(Input key, IRuleContext ctx, CancellationToken ct)
        {
            var (stamp, content) = world.Files[key.Name];
            if (ctx.TryGetPrevious<string>(out var previous) && previous.StartsWith($"{stamp}|", StringComparison.Ordinal))
                return ValueTask.FromResult(previous);
            log.Enqueue("hash " + key.Name);
            return ValueTask.FromResult($"{stamp}|{content}");
        }
    }

    /// Derived(x) = upper-cased content of Input(x) with the derived values of its `deps:` names appended.
    private sealed class DerivedRule(ConcurrentQueue<string> log) : IPersistentRule<Derived, string>
    {
        public string Kind => "test.derived/v1";
        public string EncodeKey(Derived key) => key.Name;
        public Derived DecodeKey(string text) => new(text);
        public void WriteValue(TraceWriter writer, string value) => writer.String(value);
        public string ReadValue(TraceReader reader) => reader.String();

        public async ValueTask<string> ComputeAsync(Derived key, IRuleContext ctx, CancellationToken ct)
        {
            log.Enqueue("derive " + key.Name);
            var content = (await ctx.GetAsync<Input, string>(new Input(key.Name), ct)).Split('|')[1];
            var byContent = content.Contains(" bycontent:", StringComparison.Ordinal);
            var parts = content.Split(byContent ? " bycontent:" : " deps:");
            var names = parts.Length > 1 ? parts[1].Split(',').Select(n => new Derived(n)) : null;
            var deps = names is null ? (EquatableArray<string>?)null
                : byContent ? await ctx.GetAllByContentAsync<Derived, string>(names, ct) : await ctx.GetAllAsync<Derived, string>(names, ct);
            var body = parts[0].Length > 3 ? parts[0][..3].ToUpperInvariant() : parts[0].ToUpperInvariant(); // "abcX" and "abcY" give equal results
            return deps is null ? body : body + "(" + string.Join(",", deps) + ")";
        }
    }

    private static (World, ConcurrentQueue<string>, EngineBuilder) Setup()
    {
        var world = new World();
        var log = new ConcurrentQueue<string>();
        var builder = new EngineBuilder().Add(new InputRule(world, log)).Add(new DerivedRule(log));
        return (world, log, builder);
    }

    private static async Task<(string Value, TraceSet Traces)> RunAsync(EngineBuilder builder, TraceSet? previous, string goal)
    {
        var engine = builder.Build(previous);
        var value = await engine.GetAsync<Derived, string>(new Derived(goal), TestContext.Current.CancellationToken);
        var bytes = engine.Traces().Serialize("v-test");
        return (value, TraceSet.Deserialize(bytes, "v-test", out _)!);
    }

    [Fact]
    public async Task Build_NothingChanged_ReusesEveryNodeWithoutComputing()
    {
        var (world, log, builder) = Setup();                           // Given
        world.Files["app"] = (1, "app deps:lib");
        world.Files["lib"] = (1, "lib");
        var (first, traces) = await RunAsync(builder, null, "app");
        log.Clear();
        var (second, _) = await RunAsync(builder, traces, "app");     // When
        Assert.Equal("APP(LIB)", first);                               // Then
        Assert.Equal(first, second);
        Assert.Empty(log);
    }

    /// Keys requested by content are not dependencies of the requester's trace: a change below them does not even
    /// get looked at when the requester is verified (the rule vouches that the key names its value).
    [Fact]
    public async Task Build_RequestedByContent_IsNotVerifiedWithTheRequester()
    {
        var (world, log, builder) = Setup();                           // Given
        world.Files["app"] = (1, "app bycontent:lib");
        world.Files["lib"] = (1, "lib");
        var (first, traces) = await RunAsync(builder, null, "app");
        log.Clear();
        world.Files["lib"] = (2, "zzz");

        var (second, _) = await RunAsync(builder, traces, "app");     // When

        Assert.Equal("APP(LIB)", first);                               // Then
        Assert.Equal(first, second);
        Assert.Empty(log);
    }

    [Fact]
    public async Task Traces_OfAnOlderVersionOfARule_AreDropped_OtherRulesKept()
    {
        var (world, _, builder) = Setup();                             // Given: a trace of a rule version that is gone,
        world.Files["app"] = (1, "app");                               // and one of a rule another command has
        var (_, traces) = await RunAsync(builder, null, "app");
        traces.Set(new NodeTrace("test.derived/v0", "app", new byte[] { 1 }, Digest.Of("x"u8), []));
        traces.Set(new NodeTrace("test.other/v1", "app", new byte[] { 1 }, Digest.Of("x"u8), []));

        var (_, next) = await RunAsync(builder, traces, "app");        // When

        Assert.DoesNotContain(next.Nodes, n => n.Kind == "test.derived/v0");   // Then
        Assert.Contains(next.Nodes, n => n.Kind == "test.derived/v1");
        Assert.Contains(next.Nodes, n => n.Kind == "test.other/v1");
    }

    [Fact]
    public async Task Build_TouchWithoutChange_HashesAgainButDerivesNothing()
    {
        var (world, log, builder) = Setup();
        world.Files["app"] = (1, "app deps:lib");
        world.Files["lib"] = (1, "lib");
        var (_, traces) = await RunAsync(builder, null, "app");
        log.Clear();
        world.Files["lib"] = (2, "lib");                               // a new stamp, the same bytes
        await RunAsync(builder, traces, "app");
        Assert.Equal(["hash lib"], log);
    }

    [Fact]
    public async Task Build_LeafChangedWithEqualResult_StopsPropagation()
    {
        var (world, log, builder) = Setup();
        world.Files["app"] = (1, "app deps:lib");
        world.Files["lib"] = (1, "libX");
        var (_, traces) = await RunAsync(builder, null, "app");
        log.Clear();
        world.Files["lib"] = (2, "libY");                              // derives to "LIB" again
        var (value, _) = await RunAsync(builder, traces, "app");
        Assert.Equal("APP(LIB)", value);
        Assert.Equal(["derive lib", "hash lib"], log.Order());        // app is not derived again: early cutoff
    }

    [Fact]
    public async Task Build_LeafChanged_RecomputesDependentsWithReason()
    {
        var (world, log, builder) = Setup();
        world.Files["app"] = (1, "app deps:lib");
        world.Files["lib"] = (1, "lib");
        var (_, traces) = await RunAsync(builder, null, "app");
        world.Files["lib"] = (2, "zed");
        var engine = builder.Build(traces);
        var value = await engine.GetAsync<Derived, string>(new Derived("app"), TestContext.Current.CancellationToken);
        Assert.Equal("APP(ZED)", value);
        var reasons = engine.Reruns.ToDictionary(r => r.Key, r => r.ChangedKey);
        Assert.Equal("lib", reasons["lib"]);                           // lib: its input changed
        Assert.Equal("lib", reasons["app"]);                           // app: the result of lib changed
    }

    [Fact]
    public async Task Build_DependencyListChanged_TracesTheNewDependencies()
    {
        var (world, log, builder) = Setup();
        world.Files["app"] = (1, "app deps:lib");
        world.Files["lib"] = (1, "lib");
        world.Files["util"] = (1, "util");
        var (_, traces) = await RunAsync(builder, null, "app");
        world.Files["app"] = (2, "app deps:util");
        (_, traces) = await RunAsync(builder, traces, "app");
        world.Files["util"] = (2, "new");
        var (value, _) = await RunAsync(builder, traces, "app");
        Assert.Equal("APP(NEW)", value);
    }

    [Fact]
    public void Deserialize_DamagedOrForeign_IsDiscardedWithAReason()
    {
        var set = new TraceSet();
        set.Set(new NodeTrace("k/v1", "a", new byte[] { 1, 2, 3 }, Digest.Of([1]), [[new TraceDependency("k/v1", "b", Digest.Of([2]))]]));
        var bytes = set.Serialize("v1");
        Assert.NotNull(TraceSet.Deserialize(bytes, "v1", out _));
        Assert.Null(TraceSet.Deserialize(bytes, "v2", out var foreign));
        Assert.Contains("another Kiln", foreign, StringComparison.Ordinal);
        for (var i = 0; i < bytes.Length; i += 7)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[i] ^= 0x40;
            Assert.Null(TraceSet.Deserialize(damaged, "v1", out _));
        }
        Assert.Null(TraceSet.Deserialize(bytes.AsMemory(0, bytes.Length / 2), "v1", out _));
    }
}
