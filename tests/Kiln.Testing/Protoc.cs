using System.Diagnostics;
using System.Text;

namespace Kiln.Testing;

/// Debian's protoc as an independent encoder: proto text in, canonical binary out.
public static class Protoc
{
    /// Encodes `text` as `build.bazel.remote.execution.v2.{message}` with the schema `protoFile` in the test's testdata/.
    public static byte[] Encode(string protoFile, string message, string text, string workDir)
    {
        var psi = new ProcessStartInfo("protoc", ["--proto_path=" + Path.Combine(AppContext.BaseDirectory, "testdata"),
            "--encode=build.bazel.remote.execution.v2." + message, protoFile])
        { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workDir };
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(text);
        p.StandardInput.Close();
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("protoc failed: " + p.StandardError.ReadToEnd());
        return ms.ToArray();
    }

    /// A string's UTF-8 bytes as octal escapes, safe inside a proto text string literal.
    public static string Escape(string s) => string.Concat(Encoding.UTF8.GetBytes(s).Select(b => $"\\{Convert.ToString(b, 8).PadLeft(3, '0')}"));
}
