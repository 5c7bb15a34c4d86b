using System.Text;
using Kiln.Core;

namespace Kiln.Exec.Tests;

/// Our Command/Action encodings against Debian's protoc, fed text built here from the REAPI rules
/// (environment sorted by name, outputs sorted and deduplicated, output_paths their union).
public class ProtocEncodingTests
{
    public static TheoryData<string> Variants => new("sample", "no cache, no timeout, root working dir");

    [Theory]
    [MemberData(nameof(Variants))]
    public void Encode_Request_MatchesProtoc(string variant)
    {
        // Given a request
        var request = variant == "sample"
            ? ActionKeyTests.Sample()
            : ActionKeyTests.Sample() with { CachePolicy = CachePolicy.NoCache, Timeout = null, WorkingDirectory = "" };
        using var temp = new Kiln.Testing.TempDirectory("kiln-protoc");

        // When we and protoc encode it
        var ours = request.Encode();
        var command = Protoc("Command", CommandText(request), temp.Path);
        var action = Protoc("Action", ActionText(request, Digest.Of(command)), temp.Path);

        // Then the bytes, and so the key, agree
        Assert.Equal(Convert.ToHexStringLower(command), Convert.ToHexStringLower(ours.Command));
        Assert.Equal(Convert.ToHexStringLower(action), Convert.ToHexStringLower(ours.Action));
        Assert.Equal(new ActionKey(Digest.Of(action)), ours.Key);
    }

    private static string CommandText(ProcessRequest r)
    {
        var text = new StringBuilder();
        foreach (var arg in r.Argv) text.Append($"arguments: {Quote(arg)}\n");
        foreach (var (name, value) in r.Env.OrderBy(e => e.Key, StringComparer.Ordinal))
            text.Append($"environment_variables {{ name: {Quote(name)} value: {Quote(value)} }}\n");
        var files = r.OutputFiles.Distinct().Order(StringComparer.Ordinal).ToList();
        var dirs = r.OutputDirectories.Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var f in files) text.Append($"output_files: {Quote(f)}\n");
        foreach (var d in dirs) text.Append($"output_directories: {Quote(d)}\n");
        if (r.WorkingDirectory.Length > 0) text.Append($"working_directory: {Quote(r.WorkingDirectory)}\n");
        foreach (var p in files.Concat(dirs).Distinct().Order(StringComparer.Ordinal)) text.Append($"output_paths: {Quote(p)}\n");
        return text.ToString();
    }

    private static string ActionText(ProcessRequest r, Digest command)
    {
        var text = new StringBuilder();
        text.Append($"command_digest {{ hash: \"{command.Hash}\" size_bytes: {command.SizeBytes} }}\n");
        text.Append($"input_root_digest {{ hash: \"{r.InputRoot.Hash}\" size_bytes: {r.InputRoot.SizeBytes} }}\n");
        if (r.Timeout is { } t)
        {
            var seconds = (long)Math.Floor(t.TotalSeconds);
            var nanos = (t - TimeSpan.FromSeconds(seconds)).Ticks * 100;
            text.Append($"timeout {{ seconds: {seconds} nanos: {nanos} }}\n");
        }
        if (r.CachePolicy == CachePolicy.NoCache) text.Append("do_not_cache: true\n");
        return text.ToString();
    }

    private static string Quote(string s) => "\"" + Kiln.Testing.Protoc.Escape(s) + "\"";

    private static byte[] Protoc(string message, string text, string work) => Kiln.Testing.Protoc.Encode("command_action.proto", message, text, work);
}
