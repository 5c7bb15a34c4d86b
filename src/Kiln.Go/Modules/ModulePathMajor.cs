namespace Kiln.Go.Modules;

/// The major-version suffix of a module path (`/v2`, `.v3` for gopkg.in), as golang.org/x/mod/module checks it.
internal static class ModulePathMajor
{
    /// Splits `example.com/x/v2` into (`example.com/x`, `/v2`); false for malformed suffixes like `/v1` or `/v0`.
    public static bool TrySplit(string path, out string prefix, out string pathMajor)
    {
        prefix = path;
        pathMajor = "";
        if (path.StartsWith("gopkg.in/", StringComparison.Ordinal)) return TrySplitGopkgIn(path, out prefix, out pathMajor);
        var i = path.Length;
        var dot = false;
        while (i > 0 && (path[i - 1] is >= '0' and <= '9' || path[i - 1] == '.'))
        {
            if (path[i - 1] == '.') dot = true;
            i--;
        }
        if (i <= 1 || i == path.Length || path[i - 1] != 'v' || path[i - 2] != '/') return true;
        var major = path[(i - 2)..];
        if (dot || major.Length <= 2 || major[2] == '0' || major == "/v1") return false;
        (prefix, pathMajor) = (path[..(i - 2)], major);
        return true;
    }

    private static bool TrySplitGopkgIn(string path, out string prefix, out string pathMajor)
    {
        prefix = path;
        pathMajor = "";
        var i = path.Length;
        if (path.EndsWith("-unstable", StringComparison.Ordinal)) i -= "-unstable".Length;
        while (i > 0 && path[i - 1] is >= '0' and <= '9') i--;
        if (i <= 1 || path[i - 1] != 'v' || path[i - 2] != '.') return false;
        var major = path[(i - 2)..];
        if (major.Length <= 2 || (major[2] == '0' && major != ".v0")) return false;
        (prefix, pathMajor) = (path[..(i - 2)], major);
        return true;
    }

    /// Null when version v may be used with pathMajor; otherwise why not (`should be v2, not v1`).
    public static string? Check(string v, string pathMajor)
    {
        if (pathMajor.StartsWith(".v", StringComparison.Ordinal) && pathMajor.EndsWith("-unstable", StringComparison.Ordinal))
            pathMajor = pathMajor[..^"-unstable".Length];
        if (v.StartsWith("v0.0.0-", StringComparison.Ordinal) && pathMajor == ".v1") return null;
        var m = SemVer.Major(v);
        if (pathMajor.Length == 0)
        {
            if (m is "v0" or "v1" || SemVer.Build(v) == "+incompatible") return null;
            pathMajor = "v0 or v1";
        }
        else if (pathMajor[0] is '/' or '.')
        {
            if (m == pathMajor[1..]) return null;
            pathMajor = pathMajor[1..];
        }
        return $"should be {pathMajor}, not {m}";
    }
}
