using System.Text;
using Kiln.Go.Packages;
using Kiln.Store;

namespace Kiln.Go.Build;

/// A `//go:debug key=value` line of a Go file's header (before the package clause), as go/build collects them.
public sealed record GoDebugDirective(string Text, string File, int Line, int Column)
{
    public string Position => $"{File}:{Line}:{Column}";

    /// The header directives of a package's Go files (GoFiles, and CgoFiles when cgo is on), read from its source.
    public static List<GoDebugDirective> ReadPackage(LocalStore store, GoPackage p, PackageSource source, bool cgoEnabled) =>
        ReadFiles(store, p, source, p.GoFiles.Concat(cgoEnabled ? p.CgoFiles : []));

    /// The header directives of the named files of a package, in that order.
    public static List<GoDebugDirective> ReadFiles(LocalStore store, GoPackage p, PackageSource source, IEnumerable<string> names)
    {
        var stored = source.DiskDir is null ? store.TryReadDirectory(source.Tree) : null;
        var found = new List<GoDebugDirective>();
        foreach (var name in names)
        {
            byte[]? bytes = source.DiskDir is { } dir ? System.IO.File.ReadAllBytes(Path.Combine(dir, name))
                : stored?.Files.FirstOrDefault(f => f.Name == name) is { } node ? store.TryReadBytes(LocalStore.FromProto(node.Digest)) : null;
            if (bytes is null) continue;
            var label = p.Dir is "" or "." ? name : p.Dir + "/" + name;
            found.AddRange(Read(label, Encoding.UTF8.GetString(bytes)));
        }
        return found;
    }

    /// The `//go:` comments of a file's header: line comments among the comments before `package`.
    public static List<GoDebugDirective> Read(string file, string text)
    {
        var found = new List<GoDebugDirective>();
        int i = 0, line = 1, col = 1;
        void Advance(int n)
        {
            for (var k = 0; k < n && i < text.Length; k++, i++)
            {
                if (text[i] == '\n') { line++; col = 1; }
                else col++;
            }
        }
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r' or '\n' or '\uFEFF') { Advance(1); continue; }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                var end = text.IndexOf('\n', i);
                var comment = (end < 0 ? text[i..] : text[i..end]).TrimEnd('\r');
                if (comment.StartsWith("//go:", StringComparison.Ordinal)) found.Add(new GoDebugDirective(comment, file, line, col));
                Advance((end < 0 ? text.Length : end) - i);
                continue;
            }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                Advance((end < 0 ? text.Length : end + 2) - i);
                continue;
            }
            break;   // the package clause (or anything else) ends the header
        }
        return found;
    }
}
