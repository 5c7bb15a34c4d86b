using System.Text;
using Kiln.Core;
using Kiln.Engine;
using Kiln.Go.Build;
using Kiln.Go.Rules;
using Kiln.Go.Test;
using Kiln.Store;

namespace Kiln.Go.Tests.Rules;

/// Every Go rule's key encoding, golden-tested (a change must bump the rule's kind), and decoded back to an equal key.
public sealed class RuleKeyTests
{
    private static readonly ResolvePackages Graph = new("/w/ws", new EquatableArray<string>(["./...", "example.com/x y"]), Tests: true);

    private static string Line<TKey, TValue>(IPersistentRule<TKey, TValue> rule, TKey key) where TKey : notnull
    {
        var text = rule.EncodeKey(key);
        if (key is not (TestPackage or VetPackage)) Assert.Equal(key, rule.DecodeKey(text));
        return $"{rule.Kind}\t{text}\n";
    }

    [Fact]
    public void EncodeKey_EveryRule_MatchesGolden()
    {
        using var temp = new Kiln.Testing.TempDirectory("kiln-rule-keys");
        var store = new LocalStore(temp.Combine("store"));
        var time = TimeProvider.System;
        var sb = new StringBuilder();
        sb.Append(Line(new SourceFileRule(store, time), new SourceFile("/w/ws/a b/main.go")));
        sb.Append(Line(new SourceDirRule(time), new SourceDir("/w/ws/cmd", GoOnly: true)));
        sb.Append(Line(new SourceDirRule(time), new SourceDir("/w/ws/cmd/x", GoOnly: false)));
        sb.Append(Line(new PackageTreeRule(), new PackageTree("/w/ws")));
        sb.Append(Line(new BuildSettingsRule("sdk go1.23"), new BuildSettings()));
        sb.Append(Line(new StoreGenerationRule(store), new StoreGeneration()));
        sb.Append(Line(new DirectoryAnalysisRule(null!), new DirectoryAnalysis("/w/ws/cmd/x", "", default, "")));
        sb.Append(Line(new DirectoryAnalysisRule(null!), new DirectoryAnalysis("", "example.com/m@v1.2.0", Digest.Of("tree"u8), "sub dir/p")));
        sb.Append(Line(new ResolvePackagesRule(null!), Graph));
        sb.Append(Line(new ResolvePackagesRule(null!), Graph with { Deps = false, Tests = false }));
        sb.Append(Line(new ResolvePackagesRule(null!), Graph with { Gcflags = new(["all=-N -l", "-m"]), Asmflags = new([""]) }));
        sb.Append(Line(new PackageInGraphRule(), new PackageInGraph("example.com/x/internal/core", Graph)));
        sb.Append(Line(new PkgConfigRule(null!), new PkgConfigQuery("example.com/x/cgo", "/w/ws/cgo", new EquatableArray<string>(["--static", "libfoo bar"]))));
        sb.Append(Line(new CompilePackageRule(null!), new CompilePackage("example.com/x/internal/core", Graph)));
        sb.Append(Line(new LinkBinaryRule(null!), new LinkBinary("example.com/x/cmd/x", Graph, new EquatableArray<string>(["-s", "-X", "main.version=1 2"]))));
        var flags = new TestFlags { Short = true };
        sb.Append(Line(new TestPackageRule(null!, null!), new TestPackage("example.com/x/internal/core", Graph, TestPackage.ArgsOf(flags, []), flags)));
        sb.Append(Line(new VetPackageRule(null!, null!), new VetPackage("example.com/x/internal/core", Graph, Kiln.Go.Vet.VetSetting.ForVet(["-printf=false"]))));
        sb.Append(Line(new TestPackageRule(null!, null!), new TestPackage("example.com/x/internal/core", Graph, TestPackage.ArgsOf(flags with { Vet = Kiln.Go.Vet.VetSetting.ParseTestFlag("off") }, []), flags)));
        sb.Append(Line(new TestPackageRule(null!, null!), new TestPackage("example.com/x/internal/core", Graph, TestPackage.ArgsOf(flags, ["-X", "main.v=1 2"]), flags)));
        var actual = sb.ToString();
        Assert.Equal(Kiln.Testing.Golden.Expected("Kiln.Go.Tests", "rule-keys.golden", actual), actual);
    }

    [Fact]
    public void Values_RoundTrip_ThroughTheirCodecs()
    {
        var rule = new CompilePackageRule(null!);
        var compiled = new CompiledPackage("example.com/x", Digest.Of("a"u8), Digest.Of("b"u8), Executed: false) { CoverMeta = Digest.Of("c"u8) };
        var writer = new TraceWriter();
        rule.WriteValue(writer, compiled);
        Assert.Equal(compiled, rule.ReadValue(new TraceReader(writer.ToArray())));

        var p = new Kiln.Go.Packages.GoPackage
        {
            ImportPath = "example.com/x",
            Name = "x",
            Dir = "x",
            GoFiles = new(["a.go", "b.go"]),
            Imports = new(["fmt"]),
            ImportMap = new EquatableMap<string>(new Dictionary<string, string> { ["a"] = "b" }),
            Module = new Kiln.Go.Packages.GoPackageModule("example.com", "", "1.23", Main: true),
            Error = "x.go:1:1: bad",
        };
        var graphRule = new PackageInGraphRule();
        var w = new TraceWriter();
        var loaded = new LoadedPackage(p, Kiln.Go.Packages.PackageSource.OnDisk("/w/ws/x"));
        graphRule.WriteValue(w, loaded);
        Assert.Equal(loaded, graphRule.ReadValue(new TraceReader(w.ToArray())));
    }

    [Fact]
    public void AnalysedDirectory_RoundTrips()
    {
        var rule = new DirectoryAnalysisRule(null!);
        var package = new Kiln.Go.Packages.GoListPackage { Dir = "/kiln-analysis", ImportPath = "_/kiln-analysis", Name = "x", GoFiles = ["a.go"], Imports = ["fmt"] };
        foreach (var value in new[] { new Kiln.Go.Packages.AnalysedDirectory(Digest.Of("t"u8), package, "/kiln-analysis") })
        {
            var writer = new TraceWriter();                                                 // Given
            rule.WriteValue(writer, value);

            var back = rule.ReadValue(new TraceReader(writer.ToArray()));                    // When

            Assert.Equal(value.Files, back.Files);                                          // Then
            Assert.Equal(value.Prefix, back.Prefix);
            Assert.Equal(value.Package.Name, back.Package.Name);
            Assert.Equal(value.Package.GoFiles, back.Package.GoFiles);
            Assert.Equal(value.Package.Imports, back.Package.Imports);
        }
    }
}
