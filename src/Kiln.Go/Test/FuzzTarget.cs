using Kiln.Go.Packages;

namespace Kiln.Go.Test;

/// go test -fuzz's rules (test.go): one package, of a main module, without -coverprofile; every package of the
/// test but a few the fuzzing engine itself runs compiled with the coverage instrumentation fuzzing is guided by
/// (`-d=libfuzzer` after the package's own -gcflags, on the architectures go instruments).
public static class FuzzTarget
{
    /// Packages go test leaves uninstrumented: the testing and fuzzing machinery, which runs beside the fuzz function.
    private static readonly HashSet<string> Uninstrumented = new(StringComparer.Ordinal)
    {
        "context", "internal/fuzz", "reflect", "runtime", "sync", "sync/atomic", "syscall", "testing", "time",
    };

    /// The one package to fuzz, or the error go test gives.
    /// Kiln does not fuzz with coverage at all (go test allows -cover without a profile).
    public static void Check(IReadOnlyList<GoPackage> matched, bool cover, bool coverProfile, string goOs)
    {
        if (goOs is not ("darwin" or "freebsd" or "linux" or "windows")) throw TestErrors.CannotFuzz($"-fuzz flag is not supported on {goOs}");
        if (matched.Count != 1) throw TestErrors.CannotFuzz("cannot use -fuzz flag with multiple packages");
        if (coverProfile) throw TestErrors.CannotFuzz("cannot use -coverprofile flag with -fuzz flag");
        if (cover) throw TestErrors.CannotFuzz("kiln cannot use -cover flag with -fuzz flag");
        if (matched[0].Standard || matched[0].Module is not { Main: true })
            throw TestErrors.CannotFuzz("cannot use -fuzz flag on package outside the main module", matched[0].ImportPath);
    }

    /// p as the fuzzing build compiles it.
    public static GoPackage Instrument(GoPackage p, string goArch) =>
        goArch is "amd64" or "arm64" && !Uninstrumented.Contains(p.ImportPath) ? p with { Gcflags = new([.. p.Gcflags, "-d=libfuzzer"]) } : p;
}
