namespace Kiln.Core;

/// A normalized relative path with `/` separators: no leading or trailing slash, no `.` or `..`
/// segments, no empty segments. The empty path is the root.
public readonly record struct RelPath
{
    public string Value { get; }

    private RelPath(string value) => Value = value;

    public static RelPath Root => new(string.Empty);

    public static RelPath Parse(string path)
    {
        if (!TryParse(path, out var rel, out var why))
            throw KilnErrors.BadRelativePath(path, why);
        return rel;
    }

    public static bool TryParse(string path, out RelPath rel, out string why)
    {
        rel = default;
        why = string.Empty;
        var p = path.Replace('\\', '/');
        if (p.StartsWith('/')) { why = "absolute paths are not allowed"; return false; }
        if (p.EndsWith('/')) p = p.TrimEnd('/');
        if (p.Length == 0 || p == ".") { rel = Root; return true; }
        var parts = new List<string>();
        foreach (var seg in p.Split('/'))
        {
            if (seg.Length == 0 || seg == ".") continue;
            if (seg == "..") { why = "`..` segments are not allowed"; return false; }
            if (seg.Contains('\0', StringComparison.Ordinal)) { why = "NUL in path"; return false; }
            parts.Add(seg);
        }
        rel = new RelPath(string.Join('/', parts));
        return true;
    }

    public bool IsRoot => string.IsNullOrEmpty(Value);

    public RelPath Join(string segment) => IsRoot ? Parse(segment) : Parse(Value + "/" + segment);

    public override string ToString() => Value ?? string.Empty;
}
