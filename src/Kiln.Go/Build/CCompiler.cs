using System.Security.Cryptography;
using Kiln.Core;
using Kiln.Store;

namespace Kiln.Go.Build;

/// The C compiler cgo packages and external links run (`gcc`, found where the actions' PATH looks). Its
/// Identity (resolved path and the driver binary's SHA-256) is part of every cgo compile and link key, so an
/// upgraded compiler never reuses objects it did not produce.
internal sealed record CCompiler(string Name, string ResolvedPath, string Identity)
{
    public const string DefaultName = "gcc";

    /// The directories GoTools.Env puts on PATH.
    public static readonly string[] SearchPath = ["/usr/bin", "/bin"];

    /// `store`: where the driver's hash is remembered (a mark keyed by its path and stat stamp), so a run does
    /// not re-hash an unchanged compiler.
    public static CCompiler? Find(LocalStore? store, string name = DefaultName)
    {
        var path = SearchPath.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
        if (path is null) return null;
        var resolved = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        return new CCompiler(name, resolved, $"{resolved} sha256:{HashOf(resolved, store)}");
    }

    private const string HashMark = "cc-hash";

    internal static string HashOf(string file, LocalStore? store)
    {
        var readFrom = FileClock.NowNs();
        var stamp = FileStamp.Of(file);
        var mark = stamp is { } s
            ? new KeyHasher("cc-hash/v1").Line("file", file).Line("stamp", s.Text).Finish()
            : default;
        if (store is not null && stamp is not null && store.TryReadMark(HashMark, mark) is { Length: 64 } remembered)
            return System.Text.Encoding.ASCII.GetString(remembered);
        string hash;
        using (var stream = File.OpenRead(file)) hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        // A file changed in the clock tick it was stamped in could change again under an equal stamp: not remembered.
        if (store is not null && stamp is not null && !Rules.GoRuleServices.ChangedSince(stamp, readFrom))
            store.PutMark(HashMark, mark, System.Text.Encoding.ASCII.GetBytes(hash));
        return hash;
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
