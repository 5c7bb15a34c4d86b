using System.Text.RegularExpressions;

namespace Kiln.Go.Modules;

/// Go's semantic versions (golang.org/x/mod/semver): `v` required, shorthands `v1` and `v1.2` allowed,
/// build metadata (`+incompatible`) ignored by comparisons.
public static partial class SemVer
{
    /// Whether v is a valid Go semantic version (`v1.2.3-pre+build`, `v1.2`, `v1`).
    public static bool IsValid(string? v) => Parse(v, out _);

    /// -1, 0 or +1; an invalid version is smaller than every valid one and equal to another invalid one.
    public static int Compare(string? v, string? w)
    {
        var okV = Parse(v, out var pv);
        var okW = Parse(w, out var pw);
        if (!okV && !okW) return 0;
        if (!okV) return -1;
        if (!okW) return +1;
        var c = CompareInt(pv.Major, pw.Major);
        if (c == 0) c = CompareInt(pv.Minor, pw.Minor);
        if (c == 0) c = CompareInt(pv.Patch, pw.Patch);
        return c != 0 ? c : ComparePrerelease(pv.Prerelease, pw.Prerelease);
    }

    /// The larger of two versions in canonical form (Go's semver.Max: w wins ties).
    public static string Max(string v, string w)
    {
        v = Canonical(v);
        w = Canonical(w);
        return Compare(v, w) > 0 ? v : w;
    }

    /// `vMAJOR.MINOR.PATCH[-pre]` without build metadata; empty when v is invalid.
    public static string Canonical(string? v)
    {
        if (!Parse(v, out var p)) return "";
        if (p.Build.Length > 0) return v![..^p.Build.Length];
        return v + p.Short;
    }

    /// As golang.org/x/mod/module.CanonicalVersion: Canonical, but keeps a `+incompatible` suffix.
    public static string CanonicalModuleVersion(string? v)
    {
        var cv = Canonical(v);
        return cv.Length > 0 && Build(v) == "+incompatible" ? cv + "+incompatible" : cv;
    }

    /// The major version prefix (`v2`); empty when v is invalid.
    public static string Major(string? v) => Parse(v, out var p) ? "v" + p.Major : "";

    /// The prerelease suffix including its `-`; empty when none or invalid.
    public static string Prerelease(string? v) => Parse(v, out var p) ? p.Prerelease : "";

    /// The build suffix including its `+`; empty when none or invalid.
    public static string Build(string? v) => Parse(v, out var p) ? p.Build : "";

    /// Whether v is a pseudo-version (`v0.0.0-20200101000000-abcdef123456`, `v1.2.4-0.2020…`, `v1.2.3-pre.0.2020…`).
    public static bool IsPseudoVersion(string? v) =>
        v is not null && v.Count(c => c == '-') >= 2 && IsValid(v) && PseudoVersionPattern().IsMatch(v);

    [GeneratedRegex(@"^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PseudoVersionPattern();

    private readonly record struct Parsed(string Major, string Minor, string Patch, string Short, string Prerelease, string Build);

    private static bool Parse(string? v, out Parsed p)
    {
        p = default;
        if (string.IsNullOrEmpty(v) || v[0] != 'v') return false;
        var i = 1;
        if (!ParseInt(v, ref i, out var major)) return false;
        if (i == v.Length) { p = new(major, "0", "0", ".0.0", "", ""); return true; }
        if (v[i] != '.') return false;
        i++;
        if (!ParseInt(v, ref i, out var minor)) return false;
        if (i == v.Length) { p = new(major, minor, "0", ".0", "", ""); return true; }
        if (v[i] != '.') return false;
        i++;
        if (!ParseInt(v, ref i, out var patch)) return false;
        var pre = "";
        var build = "";
        if (i < v.Length && v[i] == '-')
        {
            var start = i;
            if (!ScanDotted(v, ref i, stopAtPlus: true, checkNumbers: true)) return false;
            pre = v[start..i];
        }
        if (i < v.Length && v[i] == '+')
        {
            var start = i;
            if (!ScanDotted(v, ref i, stopAtPlus: false, checkNumbers: false)) return false;
            build = v[start..i];
        }
        if (i != v.Length) return false;
        p = new(major, minor, patch, "", pre, build);
        return true;
    }

    private static bool ParseInt(string v, ref int i, out string number)
    {
        number = "";
        var start = i;
        while (i < v.Length && v[i] is >= '0' and <= '9') i++;
        if (i == start || (v[start] == '0' && i - start != 1)) return false;
        number = v[start..i];
        return true;
    }

    // Scans `-a.b.c` (prerelease) or `+a.b.c` (build) starting at the sign; identifiers are non-empty.
    private static bool ScanDotted(string v, ref int i, bool stopAtPlus, bool checkNumbers)
    {
        i++;
        var start = i;
        for (; i < v.Length && !(stopAtPlus && v[i] == '+'); i++)
        {
            var c = v[i];
            if (c == '.')
            {
                if (start == i || (checkNumbers && IsBadNum(v, start, i))) return false;
                start = i + 1;
            }
            else if (!IsIdentChar(c)) return false;
        }
        return start != i && !(checkNumbers && IsBadNum(v, start, i));
    }

    private static bool IsIdentChar(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-';

    private static bool IsBadNum(string v, int start, int end)
    {
        for (var i = start; i < end; i++) if (v[i] is < '0' or > '9') return false;
        return end - start > 1 && v[start] == '0';
    }

    private static bool IsNum(string s) => s.All(c => c is >= '0' and <= '9');

    private static int CompareInt(string x, string y)
    {
        if (x == y) return 0;
        if (x.Length != y.Length) return x.Length < y.Length ? -1 : +1;
        return string.CompareOrdinal(x, y) < 0 ? -1 : +1;
    }

    private static int ComparePrerelease(string x, string y)
    {
        if (x == y) return 0;
        if (x.Length == 0) return +1;
        if (y.Length == 0) return -1;
        var xs = x[1..].Split('.');
        var ys = y[1..].Split('.');
        for (var k = 0; k < xs.Length && k < ys.Length; k++)
        {
            var (dx, dy) = (xs[k], ys[k]);
            if (dx == dy) continue;
            var (ix, iy) = (IsNum(dx), IsNum(dy));
            if (ix != iy) return ix ? -1 : +1;
            if (ix && dx.Length != dy.Length) return dx.Length < dy.Length ? -1 : +1;
            return string.CompareOrdinal(dx, dy) < 0 ? -1 : +1;
        }
        return xs.Length < ys.Length ? -1 : +1;
    }
}
