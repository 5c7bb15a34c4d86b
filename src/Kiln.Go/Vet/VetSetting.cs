using Kiln.Core;
using Kiln.Go.Packages;

namespace Kiln.Go.Vet;

/// Which vet checks run, as the go command decides them (test/testflag.go vetFlag, work/exec.go vet): go test's
/// curated subset by default, `-vet=off`, `-vet=all` (no flags: vet's own full set), `-vet=CHECK,...`; for
/// `go vet`, the flags given (none: vet's full set). `Explicit` matters for standard-library packages vetted for
/// their facts: unless the checks were chosen explicitly they run every check but unsafeptr (and, under go
/// test, unreachable).
public sealed record VetSetting(bool Off, bool Explicit, EquatableArray<string> Flags, bool ForTest)
{
    /// go test's defaultVetFlags (Go 1.23).
    public static readonly VetSetting TestDefault = new(false, false,
        new(["-atomic", "-bool", "-buildtags", "-directive", "-errorsas", "-ifaceassert", "-nilfunc", "-printf", "-slog", "-stringintconv"]), ForTest: true);

    /// The analyzers go test accepts in -vet (test/flagdefs.go passAnalyzersToVet).
    public static readonly HashSet<string> Analyzers = new(StringComparer.Ordinal)
    {
        "appends", "asmdecl", "assign", "atomic", "bool", "bools", "buildtag", "buildtags", "cgocall", "composites", "copylocks",
        "defers", "directive", "errorsas", "framepointer", "httpresponse", "ifaceassert", "loopclosure", "lostcancel", "methods",
        "nilfunc", "printf", "rangeloops", "shift", "sigchanyzer", "slog", "stdmethods", "stdversion", "stringintconv", "structtag",
        "testinggoroutine", "tests", "timeformat", "unmarshal", "unreachable", "unsafeptr", "unusedresult",
    };

    /// go vet's setting: the vet flags as given (forwarded raw, as go vet does).
    public static VetSetting ForVet(IReadOnlyList<string> flags) => new(false, flags.Count > 0, new([.. flags]), ForTest: false);

    /// go test's -vet value, parsed as vetFlag.Set does (with its messages).
    public static VetSetting ParseTestFlag(string value)
    {
        if (value.Length == 0) return TestDefault;
        if (value.Contains('=', StringComparison.Ordinal)) throw VetErrors.BadVetFlag(value, "-vet argument cannot contain equal signs");
        if (value.Contains(' ', StringComparison.Ordinal)) throw VetErrors.BadVetFlag(value, "-vet argument is comma-separated list, cannot contain spaces");
        var off = false;
        string? single = null;
        var flags = new List<string>();
        foreach (var arg in value.Split(','))
        {
            switch (arg)
            {
                case "":
                    throw VetErrors.BadVetFlag(value, "-vet argument contains empty list element");
                case "all" or "off":
                    single = arg;
                    off = arg == "off";
                    flags.Clear();
                    continue;
                default:
                    if (!Analyzers.Contains(arg)) throw VetErrors.BadVetFlag(value, $"-vet argument must be a supported analyzer or a distinguished value; found {arg}");
                    flags.Add("-" + arg);
                    break;
            }
        }
        if (flags.Count > 1 && single is not null) throw VetErrors.BadVetFlag(value, $"-vet does not accept \"{single}\" in a list with other analyzers");
        return new VetSetting(off, true, new([.. flags]), ForTest: true);
    }

    /// The flags vet runs with on p (work/exec.go vet): standard-library packages get all checks but unsafeptr
    /// (and unreachable under go test) unless the checks were chosen explicitly.
    public IReadOnlyList<string> FlagsFor(GoPackage p)
    {
        if (!p.Standard || Explicit) return Flags;
        return ForTest ? ["-unsafeptr=false", "-unreachable=false"] : ["-unsafeptr=false"];
    }

    /// One line for cache keys: `off`, `default`, or `explicit` / `implicit` with the flags, and the command.
    public string Encode() => (ForTest ? "test " : "vet ") + (Off ? "off" : (Explicit ? "explicit" : "implicit") + string.Concat(Flags.Select(f => " " + f)));
}
