using System.Text;

namespace Kiln.Store;

/// Names on disk that a tree cannot hold: REAPI names are protobuf strings, so UTF-8 only. The go command
/// builds a file whose name is not UTF-8; Kiln refuses it by name instead of leaving it out of the package.
public static class DiskNames
{
    /// The names in `dir` that are not valid UTF-8 (`filesOnly`: of entries other than directories), escaped
    /// as Go quotes them (`w\xff.go`), sorted.
    public static List<string> NonUtf8(string dir, bool filesOnly = false) =>
        [.. Native.NonUtf8Names(dir).Where(n => !(filesOnly && n.IsDirectory)).Select(n => Escape(n.Name)).Order(StringComparer.Ordinal)];

    /// Throws a user error naming `dir` and each of its entries whose name is not valid UTF-8.
    public static void RequireUtf8(string dir, bool filesOnly = false)
    {
        if (NonUtf8(dir, filesOnly) is { Count: > 0 } bad) throw StoreErrors.NonUtf8Names(dir, bad);
    }

    /// The name with each byte that is not part of valid UTF-8 written as `\xNN`, as Go's %q writes it.
    public static string Escape(byte[] name)
    {
        var text = new StringBuilder();
        var rest = name.AsSpan();
        while (rest.Length > 0)
        {
            if (Rune.DecodeFromUtf8(rest, out var rune, out var used) == System.Buffers.OperationStatus.Done)
            {
                if (rune.Value == '\\') text.Append(@"\\");
                else text.Append(rune.ToString());
            }
            else
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{rest[0]:x2}");
                used = 1;
            }
            rest = rest[used..];
        }
        return text.ToString();
    }
}
