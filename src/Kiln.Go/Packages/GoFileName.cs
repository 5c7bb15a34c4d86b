namespace Kiln.Go.Packages;

/// go/build's file name constraints (goodOSArchFile): `name_GOOS.go`, `name_GOARCH.go`, `name_GOOS_GOARCH.go`,
/// each optionally followed by `_test`, build only for that target. The lists are go/build's syslist.go (Go 1.23).
public static class GoFileName
{
    private static readonly HashSet<string> KnownOs = new(StringComparer.Ordinal)
    {
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd",
        "plan9", "solaris", "wasip1", "windows", "zos",
    };

    private static readonly HashSet<string> KnownArch = new(StringComparer.Ordinal)
    {
        "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle", "mips64", "mips64le",
        "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm",
    };

    /// Whether a file of this name builds for goos/goarch as far as its name says.
    public static bool SuitsTarget(string fileName, string goos, string goarch)
    {
        var name = fileName.Split('.')[0];
        var underscore = name.IndexOf('_');
        if (underscore < 0) return true;
        var parts = name[underscore..].Split('_').ToList();
        if (parts[^1] == "test") parts.RemoveAt(parts.Count - 1);
        var n = parts.Count;
        if (n >= 2 && KnownOs.Contains(parts[n - 2]) && KnownArch.Contains(parts[n - 1]))
            return Matches(parts[n - 1], goos, goarch) && Matches(parts[n - 2], goos, goarch);
        if (n >= 1 && (KnownOs.Contains(parts[n - 1]) || KnownArch.Contains(parts[n - 1]))) return Matches(parts[n - 1], goos, goarch);
        return true;
    }

    private static bool Matches(string tag, string goos, string goarch) =>
        tag == goos || tag == goarch || (goos == "android" && tag == "linux") || (goos == "illumos" && tag == "solaris")
        || (goos == "ios" && tag == "darwin");
}
