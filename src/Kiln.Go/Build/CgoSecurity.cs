using System.Text.RegularExpressions;

namespace Kiln.Go.Build;

/// The go command's allow-list of `#cgo` compiler and linker flags (cmd/go/internal/work/security.go, Go 1.23),
/// so a package cannot smuggle `-fplugin=`, `-B` or `@file` into gcc. A flag must match one pattern
/// completely, or be one of the flags that take the next argument followed by a safe one. The
/// CGO_NAME_ALLOW and _DISALLOW environment overrides are not read: builds do not depend on the environment.
internal static class CgoSecurity
{
    private static readonly Regex[] CompilerFlags = Compile(
        @"-D([A-Za-z_][A-Za-z0-9_]*)(=[^@\-]*)?",
        @"-U([A-Za-z_][A-Za-z0-9_]*)",
        @"-F([^@\-].*)",
        @"-I([^@\-].*)",
        @"-O",
        @"-O([^@\-].*)",
        @"-W",
        @"-W([^@,]+)",
        @"-Wa,-mbig-obj",
        @"-Wp,-D([A-Za-z_][A-Za-z0-9_]*)(=[^@,\-]*)?",
        @"-Wp,-U([A-Za-z_][A-Za-z0-9_]*)",
        @"-ansi",
        @"-f(no-)?asynchronous-unwind-tables",
        @"-f(no-)?blocks",
        @"-f(no-)builtin-[a-zA-Z0-9_]*",
        @"-f(no-)?common",
        @"-f(no-)?constant-cfstrings",
        @"-fdebug-prefix-map=([^@]+)=([^@]+)",
        @"-fdiagnostics-show-note-include-stack",
        @"-ffile-prefix-map=([^@]+)=([^@]+)",
        @"-fno-canonical-system-headers",
        @"-f(no-)?eliminate-unused-debug-types",
        @"-f(no-)?exceptions",
        @"-f(no-)?fast-math",
        @"-f(no-)?inline-functions",
        @"-finput-charset=([^@\-].*)",
        @"-f(no-)?fat-lto-objects",
        @"-f(no-)?keep-inline-dllexport",
        @"-f(no-)?lto",
        @"-fmacro-backtrace-limit=(.+)",
        @"-fmessage-length=(.+)",
        @"-f(no-)?modules",
        @"-f(no-)?objc-arc",
        @"-f(no-)?objc-nonfragile-abi",
        @"-f(no-)?objc-legacy-dispatch",
        @"-f(no-)?omit-frame-pointer",
        @"-f(no-)?openmp(-simd)?",
        @"-f(no-)?permissive",
        @"-f(no-)?(pic|PIC|pie|PIE)",
        @"-f(no-)?plt",
        @"-f(no-)?rtti",
        @"-f(no-)?split-stack",
        @"-f(no-)?stack-(.+)",
        @"-f(no-)?strict-aliasing",
        @"-f(un)signed-char",
        @"-f(no-)?use-linker-plugin",
        @"-f(no-)?visibility-inlines-hidden",
        @"-fsanitize=(.+)",
        @"-ftemplate-depth-(.+)",
        @"-fvisibility=(.+)",
        @"-g([^@\-].*)?",
        @"-m32",
        @"-m64",
        @"-m(abi|arch|cpu|fpu|tune)=([^@\-].*)",
        @"-m(no-)?v?aes",
        @"-marm",
        @"-m(no-)?avx[0-9a-z]*",
        @"-mcmodel=[0-9a-z-]+",
        @"-mfloat-abi=([^@\-].*)",
        @"-mfpmath=[0-9a-z,+]*",
        @"-m(no-)?avx[0-9a-z.]*",
        @"-m(no-)?ms-bitfields",
        @"-m(no-)?stack-(.+)",
        @"-mmacosx-(.+)",
        @"-mios-simulator-version-min=(.+)",
        @"-miphoneos-version-min=(.+)",
        @"-mlarge-data-threshold=[0-9]+",
        @"-mtvos-simulator-version-min=(.+)",
        @"-mtvos-version-min=(.+)",
        @"-mwatchos-simulator-version-min=(.+)",
        @"-mwatchos-version-min=(.+)",
        @"-mnop-fun-dllimport",
        @"-m(no-)?sse[0-9.]*",
        @"-m(no-)?ssse3",
        @"-mthumb(-interwork)?",
        @"-mthreads",
        @"-mwindows",
        @"-no-canonical-prefixes",
        @"--param=ssp-buffer-size=[0-9]*",
        @"-pedantic(-errors)?",
        @"-pipe",
        @"-pthread",
        @"-?-std=([^@\-].*)",
        @"-?-stdlib=([^@\-].*)",
        @"--sysroot=([^@\-].*)",
        @"-w",
        @"-x([^@\-].*)",
        @"-v");

    private static readonly string[] CompilerFlagsWithNextArg = ["-arch", "-D", "-U", "-I", "-F", "-framework", "-include", "-isysroot", "-isystem", "--sysroot", "-target", "-x"];

    private static readonly Regex[] InvalidLinkerFlags = Compile(@"-lto_library");

    private static readonly Regex[] LinkerFlags = Compile(
        @"-F([^@\-].*)",
        @"-l([^@\-].*)",
        @"-L([^@\-].*)",
        @"-O",
        @"-O([^@\-].*)",
        @"-f(no-)?(pic|PIC|pie|PIE)",
        @"-f(no-)?openmp(-simd)?",
        @"-fsanitize=([^@\-].*)",
        @"-flat_namespace",
        @"-g([^@\-].*)?",
        @"-headerpad_max_install_names",
        @"-m(abi|arch|cpu|fpu|tune)=([^@\-].*)",
        @"-mfloat-abi=([^@\-].*)",
        @"-mmacosx-(.+)",
        @"-mios-simulator-version-min=(.+)",
        @"-miphoneos-version-min=(.+)",
        @"-mthreads",
        @"-mwindows",
        @"-(pic|PIC|pie|PIE)",
        @"-pthread",
        @"-rdynamic",
        @"-shared",
        @"-?-static([-a-z0-9+]*)",
        @"-?-stdlib=([^@\-].*)",
        @"-v",
        @"-Wl,--(no-)?allow-multiple-definition",
        @"-Wl,--(no-)?allow-shlib-undefined",
        @"-Wl,--(no-)?as-needed",
        @"-Wl,-Bdynamic",
        @"-Wl,-berok",
        @"-Wl,-Bstatic",
        @"-Wl,-Bsymbolic-functions",
        @"-Wl,-O[0-9]+",
        @"-Wl,-d[ny]",
        @"-Wl,--disable-new-dtags",
        @"-Wl,-e[=,][a-zA-Z0-9]+",
        @"-Wl,--enable-new-dtags",
        @"-Wl,--end-group",
        @"-Wl,--(no-)?export-dynamic",
        @"-Wl,-E",
        @"-Wl,-framework,[^,@\-][^,]+",
        @"-Wl,--hash-style=(sysv|gnu|both)",
        @"-Wl,-headerpad_max_install_names",
        @"-Wl,--no-undefined",
        @"-Wl,-R,?([^@\-,][^,@]*$)",
        @"-Wl,--just-symbols[=,]([^,@\-][^,@]+)",
        @"-Wl,-rpath(-link)?[=,]([^,@\-][^,]+)",
        @"-Wl,-s",
        @"-Wl,-search_paths_first",
        @"-Wl,-sectcreate,([^,@\-][^,]+),([^,@\-][^,]+),([^,@\-][^,]+)",
        @"-Wl,--start-group",
        @"-Wl,-?-static",
        @"-Wl,-?-subsystem,(native|windows|console|posix|xbox)",
        @"-Wl,-syslibroot[=,]([^,@\-][^,]+)",
        @"-Wl,-undefined[=,]([^,@\-][^,]+)",
        @"-Wl,-?-unresolved-symbols=[^,]+",
        @"-Wl,--(no-)?warn-([^,]+)",
        @"-Wl,-?-wrap[=,][^,@\-][^,]*",
        @"-Wl(,-z,(relro|now|(no)?execstack))+",
        @"[a-zA-Z0-9_/].*\.(a|o|obj|dll|dylib|so|tbd)",
        @"\./.*\.(a|o|obj|dll|dylib|so|tbd)");

    private static readonly string[] LinkerFlagsWithNextArg = ["-arch", "-F", "-l", "-L", "-framework", "-isysroot", "--sysroot", "-target", "-Wl,-framework", "-Wl,-rpath", "-Wl,-R", "-Wl,--just-symbols", "-Wl,-undefined"];

    /// The first disallowed flag of `#cgo NAME` (`CFLAGS`, `CPPFLAGS`, `CXXFLAGS`, `FFLAGS`, `LDFLAGS`), as the
    /// go command words it (`-D` without argument, `-I @x`), or null if every flag is allowed.
    public static string? FirstInvalid(string name, IReadOnlyList<string> flags)
    {
        var linker = name == "LDFLAGS";
        var valid = linker ? LinkerFlags : CompilerFlags;
        var withNext = linker ? LinkerFlagsWithNextArg : CompilerFlagsWithNextArg;
        for (var i = 0; i < flags.Count; i++)
        {
            var arg = flags[i];
            if (linker && InvalidLinkerFlags.Any(r => r.IsMatch(arg))) return arg;
            if (valid.Any(r => r.IsMatch(arg))) continue;
            if (!withNext.Contains(arg)) return arg;
            if (i + 1 >= flags.Count) return arg + " without argument";
            var next = flags[i + 1];
            if (SafeArg(next)
                || (arg.StartsWith("-Wl,", StringComparison.Ordinal) && next.StartsWith("-Wl,", StringComparison.Ordinal) && SafeArg(next[4..]) && !next[4..].Contains(','))
                || (arg == "-I" && (next.StartsWith('=') || next.StartsWith("$SYSROOT", StringComparison.Ordinal)) && SafeArg(next[1..])))
            {
                i++;
                continue;
            }
            return arg + " " + next;
        }
        return null;
    }

    /// cmd/go/internal/load.SafeArg: an argument that cannot be mistaken for a flag or a response file.
    private static bool SafeArg(string s) =>
        s.Length > 0 && (char.IsAsciiLetterOrDigit(s[0]) || s[0] is '.' or '_' or '/' || s[0] >= 0x80);

    private static Regex[] Compile(params string[] patterns) =>
        [.. patterns.Select(p => new Regex(@"\A(?:" + p + @")\z", RegexOptions.CultureInvariant))];
}
