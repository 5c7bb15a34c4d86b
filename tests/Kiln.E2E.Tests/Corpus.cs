using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// The shared corpus: real-module workspaces and the file:// proxy `shared/corpus/make-proxy` writes
/// (eng/test.sh builds it before the tests run). Missing pieces fail the test with a clear message.
internal static class Corpus
{
    public static string SharedDir => Environment.GetEnvironmentVariable("KILN_SHARED") ?? Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared"));

    public static string ProxyDir
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("KILN_GOPROXY_DIR") ?? "/tmp/goproxy";
            Assert.True(Directory.Exists(Path.Combine(dir, "github.com")),
                $"the corpus module proxy is missing at {dir}: run {SharedDir}/corpus/make-proxy (eng/test.sh does)");
            return dir;
        }
    }

    public static string GoBin => "/usr/lib/go-1.23/bin";

    /// Copies a corpus workspace (read-only in CI) to `dest`.
    public static string CopyWorkspace(string name, string dest)
    {
        var src = Path.Combine(SharedDir, "corpus", "workspaces", name);
        Assert.True(Directory.Exists(src), $"corpus workspace {name} not found at {src}");
        CopyTree(src, dest);
        return dest;
    }

    /// Copies a directory tree (files and directories only).
    public static void CopyTree(string src, string dest)
    {
        Directory.CreateDirectory(dest);
        foreach (var file in Directory.EnumerateFiles(src)) File.Copy(file, Path.Combine(dest, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(src)) CopyTree(dir, Path.Combine(dest, Path.GetFileName(dir)));
    }
}
