namespace Kiln.Go.Build;

/// The user's linker flags (`-ldflags`, else GOFLAGS' `-ldflags=`), split as the go command splits them and
/// passed to `go tool link` after Kiln's own, as go passes them: `-s -w`, `-X`, `-extld`, `-extldflags`,
/// `-linkmode` and the rest. The flags that name the link's own files and identity are Kiln's to set.
public static class LinkFlags
{
    private static readonly string[] Reserved = ["o", "importcfg", "buildmode", "buildid", "tmpdir"];

    public static IReadOnlyList<string> Parse(string? commandLine, GoFlagsVariable goFlags)
    {
        var text = commandLine ?? goFlags.Value("ldflags") ?? "";
        var fields = GoQuoted.Split(text) ?? throw BuildErrors.BadLdflags(text, "a quote is not closed");
        foreach (var f in fields.Where(f => f.StartsWith('-')))
        {
            var name = f.TrimStart('-').Split('=')[0];
            if (Reserved.Contains(name)) throw BuildErrors.BadLdflags(text, $"-{name} is set by Kiln (the link's output, inputs and build id are its own)");
        }
        return fields;
    }

    /// Whether the user chose the external linker (go's setextld leaves -extld alone then).
    public static bool NamesExtld(IReadOnlyList<string> flags) => flags.Any(f => f is "-extld" or "--extld" || f.StartsWith("-extld=", StringComparison.Ordinal)
        || f.StartsWith("--extld=", StringComparison.Ordinal));
}
