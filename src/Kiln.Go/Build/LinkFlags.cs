namespace Kiln.Go.Build;

/// The user's linker flags: `-ldflags`, a per-package flag as go reads it (`[pattern=]flags`, GOFLAGS' values first,
/// then the command line's, the last value matching a main package giving its link's flags), split as the go command
/// splits them and passed to `go tool link` after Kiln's own: `-s -w`, `-X`, `-extld`, `-extldflags`, `-linkmode` and
/// the rest. The flags that name the link's own files and identity are Kiln's to set.
public static class LinkFlags
{
    private static readonly string[] Reserved = ["o", "importcfg", "buildmode", "buildid", "tmpdir"];

    public static PerPackageFlag From(IEnumerable<string>? commandLine, GoFlagsVariable goFlags)
    {
        var flag = PerPackageFlag.From("ldflags", goFlags, commandLine);
        foreach (var (value, fields) in flag.Entries())
        {
            foreach (var f in fields.Where(f => f.StartsWith('-')))
            {
                var name = f.TrimStart('-').Split('=')[0];
                if (Reserved.Contains(name)) throw BuildErrors.BadLdflags(value, $"-{name} is set by Kiln (the link's output, inputs and build id are its own)");
            }
        }
        return flag;
    }

    /// Whether the user chose the external linker (go's setextld leaves -extld alone then).
    public static bool NamesExtld(IReadOnlyList<string> flags) => flags.Any(f => f is "-extld" or "--extld" || f.StartsWith("-extld=", StringComparison.Ordinal)
        || f.StartsWith("--extld=", StringComparison.Ordinal));
}
