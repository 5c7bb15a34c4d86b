namespace Kiln.Go.Modules;

/// Go language and toolchain versions as go lines spell them (`1.21`, `1.21rc1`, `1.21.0`), ordered like cmd/go's gover.
internal static class GoVersion
{
    /// The first go line with graph pruning and explicit indirect requirements.
    public const string PruningVersion = "1.17";

    /// What a go.mod without a go line means.
    public const string DefaultGoModVersion = "1.16";

    /// -1, 0 or +1; invalid versions are smaller than valid ones.
    public static int Compare(string x, string y)
    {
        var okX = TryParse(x, out var px);
        var okY = TryParse(y, out var py);
        if (!okX || !okY) return okX == okY ? 0 : okX ? +1 : -1;
        var c = CompareInt(px.Major, py.Major);
        if (c == 0) c = CompareInt(px.Minor, py.Minor);
        if (c == 0) c = CompareInt(px.Patch, py.Patch);
        if (c == 0) c = string.CompareOrdinal(px.Kind, py.Kind) switch { < 0 => -1, > 0 => +1, _ => 0 };
        if (c == 0) c = CompareInt(px.Pre, py.Pre);
        return c;
    }

    private readonly record struct Parsed(string Major, string Minor, string Patch, string Kind, string Pre);

    // 1, 1.21, 1.21.3, 1.21rc1, 1.21.0-style; the kind ("", alpha, beta, rc) sorts "" first, as gover does for lang versions.
    private static bool TryParse(string v, out Parsed p)
    {
        p = default;
        var i = 0;
        if (!Number(v, ref i, out var major)) return false;
        if (i == v.Length) { p = new(major, "", "", "", ""); return true; }
        if (v[i] != '.') return false;
        i++;
        if (!Number(v, ref i, out var minor)) return false;
        if (i == v.Length) { p = new(major, minor, "", "", ""); return true; }
        if (v[i] == '.')
        {
            i++;
            if (!Number(v, ref i, out var patch) || i != v.Length) return false;
            p = new(major, minor, patch, "", "");
            return true;
        }
        var start = i;
        while (i < v.Length && v[i] is >= 'a' and <= 'z') i++;
        var kind = v[start..i];
        if (kind is not ("alpha" or "beta" or "rc") || !Number(v, ref i, out var pre) || i != v.Length) return false;
        p = new(major, minor, "", kind, pre);
        return true;
    }

    private static bool Number(string v, ref int i, out string n)
    {
        var start = i;
        while (i < v.Length && v[i] is >= '0' and <= '9') i++;
        n = v[start..i];
        return n.Length > 0 && (n.Length == 1 || n[0] != '0');
    }

    private static int CompareInt(string x, string y)
    {
        if (x == y) return 0;
        if (x.Length != y.Length) return x.Length < y.Length ? -1 : +1;
        return string.CompareOrdinal(x, y) < 0 ? -1 : +1;
    }
}
