using Kiln.Core;

namespace Kiln.Exec.Tests;

public class ActionKeyTests
{
    private static readonly Digest Input = Digest.Of("input root"u8);

    /// A request exercising every field that goes into the key.
    internal static ProcessRequest Sample() =>
        new(new[] { "/usr/bin/go", "tool", "compile", "-o", "{sandbox}/pkg.a", "-p", "example.com/hello", "main.go" },
            new EquatableMap<string>([new("PATH", "/usr/bin:/bin"), new("GOCACHE", "{sandbox}/.gocache"), new("CGO_ENABLED", "0")]),
            Input, new[] { "pkg.a", "out/pkg.x" }, new[] { "out/objs" }, "compile example.com/hello")
        {
            WorkingDirectory = "src",
            Timeout = TimeSpan.FromSeconds(90.5),
        };

    [Fact]
    public void Encode_SampleRequest_MatchesGolden()
    {
        // Given a fixed request
        var encoded = Sample().Encode();

        // When its key and Command digest are written out
        var actual = $"action_key: {encoded.Key}\ncommand: {Digest.Of(encoded.Command)}\n";

        // Then they equal the recorded values (KILN_UPDATE_GOLDEN=1 rewrites them)
        Golden.AssertMatches("sample_request.golden", actual);
    }

    [Fact]
    public void Key_EnvInsertionOrderOrOutputOrderChanged_IsUnchanged()
    {
        // Given the sample, and the same request built in a different order
        var sample = Sample();
        var reordered = sample with
        {
            Env = new EquatableMap<string>(sample.Env.Reverse()),
            OutputFiles = new[] { "out/pkg.x", "pkg.a", "pkg.a" },
        };

        // When/Then: the keys agree
        Assert.Equal(sample.Key(), reordered.Key());
    }

    public static TheoryData<string> KeyedChanges => new("argv", "argv order", "env value", "env name", "input root", "output file",
        "output dir", "file becomes dir", "timeout", "no timeout", "working dir", "no cache");

    [Theory]
    [MemberData(nameof(KeyedChanges))]
    public void Key_KeyedFieldChanged_Changes(string change)
    {
        // Given the sample
        var sample = Sample();

        // When one keyed field changes
        var changed = change switch
        {
            "argv" => sample with { Argv = sample.Argv.Append("-race").ToArray() },
            "argv order" => sample with { Argv = sample.Argv.Reverse().ToArray() },
            "env value" => sample with { Env = sample.Env.SetItem("CGO_ENABLED", "1") },
            "env name" => sample with { Env = sample.Env.SetItem("GOFLAGS", "") },
            "input root" => sample with { InputRoot = Digest.Of("other root"u8) },
            "output file" => sample with { OutputFiles = new[] { "pkg.a" } },
            "output dir" => sample with { OutputDirectories = new[] { "out/objs", "more" } },
            "file becomes dir" => sample with { OutputFiles = new[] { "pkg.a" }, OutputDirectories = new[] { "out/objs", "out/pkg.x" } },
            "timeout" => sample with { Timeout = TimeSpan.FromSeconds(91) },
            "no timeout" => sample with { Timeout = null },
            "working dir" => sample with { WorkingDirectory = "" },
            "no cache" => sample with { CachePolicy = CachePolicy.NoCache },
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };

        // Then the key changes
        Assert.NotEqual(sample.Key(), changed.Key());
    }

    [Fact]
    public void Key_DescriptionOrToolDirectoriesChanged_IsUnchanged()
    {
        // Given the sample
        var sample = Sample();

        // When only fields for people and for the sandbox change
        var changed = sample with { Description = "something else", ToolDirectories = new[] { "/usr/lib/go-1.23", "/usr" } };

        // Then the key is the same
        Assert.Equal(sample.Key(), changed.Key());
    }

    [Fact]
    public void Key_SandboxPlaceholder_IsKeptLiterally()
    {
        // Given two requests that differ only in whether a path uses the placeholder
        var sample = Sample();
        var resolved = sample with { Env = sample.Env.SetItem("GOCACHE", "/tmp/sandbox/.gocache") };

        // When/Then: the placeholder is part of the key, not its run-time expansion
        Assert.NotEqual(sample.Key(), resolved.Key());
        Assert.Contains("{sandbox}/.gocache", sample.ToCommand().EnvironmentVariables.Select(v => v.Value));
    }
}
