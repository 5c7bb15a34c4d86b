using Kiln.Engine;
using Kiln.Go.Rules;

namespace Kiln.Go.Tests.Rules;

/// The `./...` walk as a rule over real directories: it finds the Go files the go command's walk would, and a
/// directory without Go files (binaries written into dist/) changes its value not, so what depends on it is
/// cut off; a new Go file in a new directory is seen.
public sealed class PackageTreeRuleTests
{
    private sealed record Probe(string Root) : IKey<int>;

    /// Depends on the tree and counts how often it ran.
    private sealed class ProbeRule : IPersistentRule<Probe, int>
    {
        public int Runs { get; private set; }
        public string Kind => "test.probe/v1";
        public string EncodeKey(Probe key) => key.Root;
        public Probe DecodeKey(string text) => new(text);
        public void WriteValue(TraceWriter writer, int value) => writer.Int(value);
        public int ReadValue(TraceReader reader) => (int)reader.Int();

        public async ValueTask<int> ComputeAsync(Probe key, IRuleContext ctx, CancellationToken ct)
        {
            Runs++;
            return (await ctx.GetAsync(new PackageTree(key.Root), ct)).Count;
        }
    }

    private static (BuildEngine Engine, ProbeRule Probe) Engine(TraceSet? traces)
    {
        var probe = new ProbeRule();
        var engine = new EngineBuilder().Add(new SourceDirRule(TimeProvider.System)).Add(new PackageTreeRule()).Add(probe).Build(traces);
        return (engine, probe);
    }

    [Fact]
    public async Task GetAsync_Tree_FindsGoFilesAsTheGoWalkDoes()
    {
        using var temp = new Kiln.Testing.TempDirectory("kiln-tree");                             // Given
        temp.Write("main.go", "package main");
        temp.Write("internal/a/a.go", "package a");
        temp.Write("internal/a/testdata/x.go", "package x");
        temp.Write("_skip/s.go", "package s");
        temp.Write(".hidden/h.go", "package h");
        temp.Write("vendor/v/v.go", "package v");
        temp.Write("docs/README", "words");
        Directory.CreateSymbolicLink(temp.Combine("linked"), temp.Combine("internal"));

        var tree = await Engine(null).Engine.GetAsync(new PackageTree(temp.Path), CancellationToken.None); // When

        Assert.Equal([temp.Path + "\tmain.go", temp.Combine("internal", "a") + "\ta.go"], tree.Order(StringComparer.Ordinal).ToArray()); // Then
    }

    [Fact]
    public async Task GetAsync_DirectoryWithoutGoFilesAdded_CutsOffDependents()
    {
        using var temp = new Kiln.Testing.TempDirectory("kiln-tree");                             // Given
        temp.Write("cmd/x/main.go", "package main");
        var (first, _) = Engine(null);
        Assert.Equal(1, await first.GetAsync(new Probe(temp.Path), CancellationToken.None));
        var traces = first.Traces();
        temp.Write("dist/cmd/x/x", "a binary");

        var (second, probe) = Engine(traces);                                                     // When
        var count = await second.GetAsync(new Probe(temp.Path), CancellationToken.None);
        temp.Write("cmd/y/main.go", "package main");
        var (third, probe3) = Engine(second.Traces());
        var count3 = await third.GetAsync(new Probe(temp.Path), CancellationToken.None);

        Assert.Equal(1, count);                                                                   // Then
        Assert.Equal(0, probe.Runs);
        Assert.Equal(2, count3);
        Assert.Equal(1, probe3.Runs);
    }
}
