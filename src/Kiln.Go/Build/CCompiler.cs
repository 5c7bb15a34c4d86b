using System.Security.Cryptography;

namespace Kiln.Go.Build;

/// The C compiler cgo packages and external links run (`gcc`, found where the actions' PATH looks). Its
/// Identity (resolved path and the driver binary's SHA-256) is part of every cgo compile and link key, so an
/// upgraded compiler never reuses objects it did not produce.
internal sealed record CCompiler(string Name, string ResolvedPath, string Identity)
{
    public const string DefaultName = "gcc";

    /// The directories GoTools.Env puts on PATH.
    public static readonly string[] SearchPath = ["/usr/bin", "/bin"];

    public static CCompiler? Find(string name = DefaultName)
    {
        var path = SearchPath.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
        if (path is null) return null;
        var resolved = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        using var stream = File.OpenRead(resolved);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new CCompiler(name, resolved, $"{resolved} sha256:{hash}");
    }

    /// The architecture flags the go command gives gcc (work/exec.go gccArchArgs, for the targets cgo builds).
    public static IReadOnlyList<string> ArchArgs(string goarch) => goarch switch
    {
        "amd64" => ["-m64"],
        "386" => ["-m32"],
        "arm" => ["-marm"],
        "s390x" => ["-m64", "-march=z196"],
        _ => [],
    };
}
