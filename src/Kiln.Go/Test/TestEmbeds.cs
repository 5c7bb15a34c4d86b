using Kiln.Core;
using Kiln.Go.Build;

namespace Kiln.Go.Test;

/// The files of a test's `//go:embed` patterns, which `go list` resolves only for the test variants `-test`
/// lists (without it, TestEmbedFiles and XTestEmbedFiles stay empty): go's resolveEmbed on the package's
/// directory. A pattern's glob matches files and directories level by level; a directory brings every file
/// below it but names starting with `.` or `_` (unless `all:`) and directories that hold another module.
internal static class TestEmbeds
{
    /// `files` when go list gave them, else the resolution of `patterns` in `dir` (null: not on disk).
    public static EquatableArray<string> Of(EquatableArray<string> files, EquatableArray<string> patterns, string? dir) =>
        files.Count > 0 || patterns.Count == 0 || dir is null ? files : new(Resolve(dir, patterns));

    public static List<string> Resolve(string dir, IEnumerable<string> patterns)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            var all = pattern.StartsWith("all:", StringComparison.Ordinal);
            var glob = all ? pattern[4..] : pattern;
            var regex = GoGlob.ToRegex(glob);
            var found = 0;
            foreach (var (rel, isDir) in Entries(dir, "", glob.Split('/').Length))
            {
                if (!regex.IsMatch(rel)) continue;
                if (!isDir)
                {
                    files.Add(rel);
                    found++;
                    continue;
                }
                foreach (var file in Below(dir, rel, all))
                {
                    files.Add(file);
                    found++;
                }
            }
            if (found == 0) throw TestErrors.EmbedMatchesNothing(pattern, dir);
        }
        return [.. files];
    }

    /// The entries `levels` deep below `rel` (as the glob's segments), with whether each is a directory.
    private static IEnumerable<(string Rel, bool IsDir)> Entries(string root, string rel, int levels)
    {
        var full = rel.Length == 0 ? root : Path.Combine(root, rel);
        if (!Directory.Exists(full)) yield break;
        foreach (var entry in new DirectoryInfo(full).EnumerateFileSystemInfos())
        {
            var path = rel.Length == 0 ? entry.Name : rel + "/" + entry.Name;
            var isDir = entry is DirectoryInfo && entry.LinkTarget is null;
            if (levels == 1) yield return (path, isDir);
            else if (isDir)
            {
                foreach (var deeper in Entries(root, path, levels - 1)) yield return deeper;
            }
        }
    }

    /// Every embeddable file below a directory, in go's walk.
    private static IEnumerable<string> Below(string root, string rel, bool all)
    {
        var full = Path.Combine(root, rel);
        foreach (var entry in new DirectoryInfo(full).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (!all && (entry.Name.StartsWith('.') || entry.Name.StartsWith('_'))) continue;
            var path = rel + "/" + entry.Name;
            if (entry is DirectoryInfo { LinkTarget: null })
            {
                if (File.Exists(Path.Combine(entry.FullName, "go.mod"))) continue; // another module
                foreach (var file in Below(root, path, all)) yield return file;
            }
            else if (entry is FileInfo { LinkTarget: null }) yield return path;
        }
    }
}
