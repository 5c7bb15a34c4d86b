using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Kiln.Go.Test;

namespace Kiln.Go.Tests.Test;

/// The test2json port against Go 1.23's own `go tool test2json -t`: identical event lines but for Time.
public sealed partial class TestJsonConverterTests
{
    [GeneratedRegex("\"Time\":\"[^\"]*\",")]
    private static partial Regex TimeField();

    private static readonly string Marker = "\u0016";

    /// Framing with and without ^V, nested and parallel subtests, output attributed by indentation, a
    /// benchmark line split at its tab, a 5000-byte line, invalid UTF-8, HTML characters, \r\n, a panic.
    private static byte[] Input()
    {
        var s = new StringBuilder();
        s.Append($"{Marker}=== RUN   TestA\n    a_test.go:3: <hi> & \"quoted\"\t\u2028\n{Marker}--- PASS: TestA (0.01s)\n");
        s.Append($"{Marker}=== RUN   TestSub\n{Marker}=== RUN   TestSub/one\n{Marker}=== PAUSE TestSub/one\n{Marker}=== CONT  TestSub/one\n");
        s.Append("        sub_test.go:9: nested log\r\n");
        s.Append($"{Marker}--- FAIL: TestSub (1.25s)\n    {Marker}--- FAIL: TestSub/one (1.20s)\n        x_test.go:1: y\n");
        s.Append($"{Marker}=== NAME\nunattributed\n{Marker}=== RUN   TestSkip\n{Marker}--- SKIP: TestSkip (0.00s)\n");
        s.Append("=== RUN   NotFramedAfterMarker\n");
        s.Append("BenchmarkX-2   \t     100\t    123 ns/op\n");
        s.Append(new string('z', 5000)).Append('\n');
        s.Append($"{Marker}=== RUN   ExampleE\n{Marker}--- PASS: ExampleE (0.00s)\n");
        s.Append("panic: boom [recovered]\n\tgoroutine 1\n");
        s.Append($"{Marker}FAIL\n{Marker}FAIL\texample.com/p\t1.300s\n");
        var bytes = Encoding.UTF8.GetBytes(s.ToString()).ToList();
        bytes.InsertRange(bytes.IndexOf((byte)'u'), new byte[] { 0xff, 0xe2, 0x82 });                  // invalid UTF-8 in "unattributed"
        return [.. bytes];
    }

    [Fact]
    public void Convert_SameEventsAsGoToolTest2json()
    {
        var input = Input();
        var expected = Strip(RunGoTest2Json(input, "example.com/p"));

        var events = new List<TestJsonEvent>();
        var c = new TestJsonConverter("example.com/p", () => DateTimeOffset.UtcNow, events.Add);
        c.Write(input.AsSpan(0, 1000));                                                                 // in pieces, as a stream arrives
        c.Write(input.AsSpan(1000));
        c.Close(0);

        Assert.Equal(expected, Strip(string.Concat(events.Select(e => e.ToJson() + "\n"))));
        Assert.Contains(events, e => e is { Action: "fail", Test: "TestSub/one", Elapsed: 1.2 });
    }

    [Fact]
    public void Convert_NoTestFilesAndExitStatus()
    {
        var skip = TestJsonConverter.Convert("p", "?   \tp\t[no test files]\n"u8, exitedOk: true, 0, () => DateTimeOffset.UnixEpoch);
        Assert.Equal(["start", "output", "skip"], skip.Select(e => e.Action));
        Assert.Equal("{\"Time\":\"1970-01-01T00:00:00Z\",\"Action\":\"skip\",\"Package\":\"p\",\"Elapsed\":0}", skip[^1].ToJson());

        var died = TestJsonConverter.Convert("p", "exit status 2\n"u8, exitedOk: false, 0.1234, () => DateTimeOffset.UnixEpoch.AddTicks(1234500));
        Assert.Equal("{\"Time\":\"1970-01-01T00:00:00.12345Z\",\"Action\":\"fail\",\"Package\":\"p\",\"Elapsed\":0.123}", died[^1].ToJson());
    }

    /// Without Time fields, and without the package's Elapsed (go's is the converter's own run time).
    private static string Strip(string jsonLines)
    {
        var lines = TimeField().Replace(jsonLines, "").TrimEnd('\n').Split('\n');
        lines[^1] = PackageElapsed().Replace(lines[^1], "");
        return string.Join('\n', lines);
    }

    [GeneratedRegex(",\"Elapsed\":[0-9.e-]+}$")]
    private static partial Regex PackageElapsed();

    private static string RunGoTest2Json(byte[] input, string package)
    {
        if (!File.Exists(GoTool.GoBinary)) Assert.Fail($"Go 1.23 is not installed at {GoTool.GoBinary}");
        var psi = new ProcessStartInfo(GoTool.GoBinary) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "tool", "test2json", "-t", "-p", package }) psi.ArgumentList.Add(a);
        psi.Environment["GOTOOLCHAIN"] = "local";
        psi.Environment["GOFLAGS"] = "";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        p.StandardInput.BaseStream.Write(input);
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        return stdout.Result;
    }
}
