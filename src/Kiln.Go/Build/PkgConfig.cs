using System.Diagnostics;
using System.Text;
using Kiln.Core;
using Kiln.Go.Packages;

namespace Kiln.Go.Build;

/// `#cgo pkg-config:` as the go command resolves it (work/exec.go getPkgConfigFlags): `pkg-config --cflags`
/// and `--libs` of the named packages, run on the host ($PKG_CONFIG, else pkg-config, with the user's
/// PKG_CONFIG_PATH and the rest of the environment), their output split as a shell would split it and checked
/// like #cgo CFLAGS and LDFLAGS. The flags join the package's CPPFLAGS and LDFLAGS, so they are part of its
/// cgo compile key; the engine asks again every run (PkgConfigRule), so a changed .pc file is seen.
public static class PkgConfig
{
    public sealed record Flags(EquatableArray<string> CFlags, EquatableArray<string> LdFlags);

    /// Runs pkg-config for a package's directives (`importPath`'s `#cgo pkg-config:` words) in `workDir`;
    /// empty flags when there are none.
    public static Flags Query(string importPath, IReadOnlyList<string> directives, string workDir, IReadOnlyDictionary<string, string> env)
    {
        if (directives.Count == 0) return new Flags(EquatableArray<string>.Empty, EquatableArray<string>.Empty);
        // pkg-config takes its options anywhere: they go first, then our own `--`, then the package names
        var options = directives.Where(a => a != "--" && a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var packages = directives.Where(a => a != "--" && !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (packages.FirstOrDefault(n => !SafeArg(n)) is { } bad) throw BuildErrors.InvalidPkgConfigName(importPath, bad);
        var command = env.TryGetValue("PKG_CONFIG", out var pc) && GoQuoted.Split(pc) is [var first, ..] ? first : "pkg-config";
        List<string> Run(string mode, string checkedAs, bool linker)
        {
            string[] args = [mode, .. options, "--", .. packages];
            var output = RunOut(command, args, workDir, env, out var exitCode);
            if (exitCode != 0) throw BuildErrors.PkgConfigFailed(importPath, $"{command} {string.Join(' ', args)}", output);
            var flags = Split(output.Trim()) is { } split ? split : throw BuildErrors.PkgConfigFailed(importPath, $"{command} {string.Join(' ', args)}",
                "the output does not split as shell words: " + output.Trim());
            if (CgoSecurity.FirstInvalid(linker ? "LDFLAGS" : "CFLAGS", flags) is { } invalid) throw BuildErrors.InvalidCgoFlag(importPath, checkedAs, invalid);
            return flags;
        }
        return new Flags(new EquatableArray<string>(Run("--cflags", "pkg-config --cflags", linker: false)),
            new EquatableArray<string>(Run("--libs", "pkg-config --libs", linker: true)));
    }

    /// p with the pkg-config flags in its CPPFLAGS and LDFLAGS (as cmd/go's cgo step adds them) and no directives left.
    public static GoPackage Apply(GoPackage p, Flags flags) => p.CgoPkgConfig.Count == 0 ? p : p with
    {
        CgoPkgConfig = EquatableArray<string>.Empty,
        CgoCPPFLAGS = new EquatableArray<string>([.. p.CgoCPPFLAGS, .. flags.CFlags]),
        CgoLDFLAGS = new EquatableArray<string>([.. p.CgoLDFLAGS, .. flags.LdFlags]),
    };

    /// load.SafeArg: a package name may not start with `-` or other characters a command line would read as more.
    private static bool SafeArg(string name) => name.Length > 0 && (char.IsAsciiLetterOrDigit(name[0]) || name[0] is '.' or '_' or '/' || name[0] >= 0x80);

    /// splitPkgConfigOutput: POSIX shell word splitting without expansions; null on an unterminated quote, a
    /// dangling escape or an unquoted shell metacharacter.
    public static List<string>? Split(string output)
    {
        var flags = new List<string>();
        var flag = new StringBuilder();
        var (didQuote, escaped, quote) = (false, false, '\0');
        foreach (var c in output)
        {
            if (escaped)
            {
                escaped = false;
                if (quote == '"' && c is not ('$' or '`' or '"' or '\\' or '\n'))
                {
                    flag.Append('\\').Append(c);
                    continue;
                }
                if (c != '\n') flag.Append(c);
                continue;
            }
            if (quote != '\0' && c == quote)
            {
                quote = '\0';
                continue;
            }
            if (quote == '\'' || (quote == '"' && c is not ('`' or '$' or '\\')))
            {
                flag.Append(c);
                continue;
            }
            switch (c)
            {
                case '|' or '&' or ';' or '<' or '>' or '(' or ')' or '$' or '`':
                    return null;
                case '\\':
                    escaped = true;
                    continue;
                case '"' or '\'':
                    (quote, didQuote) = (c, true);
                    continue;
                case ' ' or '\t' or '\n':
                    if (flag.Length > 0 || didQuote) flags.Add(flag.ToString());
                    (flag, didQuote) = (new StringBuilder(), false);
                    continue;
            }
            flag.Append(c);
        }
        if (quote != '\0' || escaped) return null;
        if (flag.Length > 0 || didQuote) flags.Add(flag.ToString());
        return flags;
    }

    private static string RunOut(string command, string[] args, string workDir, IReadOnlyDictionary<string, string> env, out int exitCode)
    {
        var psi = new ProcessStartInfo(command, args) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment.Clear();
        foreach (var (k, v) in env) psi.Environment[k] = v;
        try
        {
            using var process = Process.Start(psi)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            exitCode = process.ExitCode;
            return exitCode == 0 ? stdout : stdout + stderr.Result;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            exitCode = -1;
            return $"cannot run {command}: {e.Message}";
        }
    }
}
