using Kiln.Go.Packages;

namespace Kiln.Go.Build;

/// The headers a cgo compile's C steps read outside its sandbox (`#include "/abs/x.h"`, a `-I/abs` of a `#cgo`
/// directive): gcc writes what each step read (`-MD -MF`) and the compile action collects it, sandbox paths made
/// relative, as its output OutputPath; the compile is keyed on those files as a test run is on its reads
/// (UndeclaredReads), so a changed header is recompiled, never a stale object reused. Not counted: the sandbox
/// (the key covers it), the store and the Go SDK (GOROOT: std reads its headers there; the SDK identity is in the
/// key) and SystemDirs.
internal static class CgoReads
{
    /// The dependency lines of every gcc step, collected: declared as an output, so a cached result carries them.
    public const string OutputPath = "out/cgo-reads.d";

    /// The reads the key covers: one line per path with its state, a file at the sandbox root.
    public const string KeyedPath = ".kiln-cgo-reads";

    public const string MarkKind = "cgo-reads";

    /// The distribution's directories, where the C compiler's own headers and libc's live (/usr/include,
    /// /usr/lib/gcc/TRIPLE/VERSION/include): they change with the system's packages, which the go command does
    /// not track either, and stamping them would make every cgo compile stat dozens of headers each run. The C
    /// compiler's identity (its driver's digest) is in the key. /usr/local and /opt are counted: what an admin
    /// or a user installed there is the project's dependency.
    public static readonly string[] SystemDirs = ["/usr/include", "/usr/lib", "/usr/lib64", "/usr/libexec", "/lib", "/lib64"];

    /// The absolute prerequisites of a dependency file that lie outside `excluded` and SystemDirs, normalized,
    /// sorted and distinct; relative ones are inside the sandbox.
    public static IReadOnlyList<string> Outside(string depFile, IEnumerable<string> excluded)
    {
        string[] roots = [.. SystemDirs, .. excluded];
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in DepFile.Prerequisites(depFile))
        {
            if (!Path.IsPathRooted(name)) continue;
            var full = Path.GetFullPath(name);
            if (!roots.Any(r => UndeclaredReads.Under(full, r))) paths.Add(full);
        }
        return [.. paths];
    }

    /// The store mark's key: the reads of a package's cgo compile, per configuration and source (a directory or
    /// stored module tree).
    public static Core.Digest MarkKey(string importPath, BuildConfig config, string source) =>
        UndeclaredReads.MarkKey(MarkKind, importPath, config.ToString(), source);
}
