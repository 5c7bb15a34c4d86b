using Kiln.Store;
using Directory = Kiln.Store.Reapi.Directory;

namespace Kiln.Go.Packages;

/// Checks a cached `go list` result before it is trusted (a remote cache can be poisoned): every file it
/// names is a plain name present in the analysed directory, every embedded file a clean relative path present
/// below it, and no embed pattern leaves it; std packages sit below GOROOT/src and name plain files. A result
/// that fails is a cache miss and is computed again locally; a host file is never compiled in.
internal static class AnalysisCheck
{
    /// A package of one analysed directory (`analysedFiles`, the tree `go list` ran on), or null when sound.
    public static string? FirstProblem(GoListPackage p, Core.Digest analysedFiles, Func<Core.Digest, Directory?> read)
    {
        if (read(analysedFiles) is not { } root) return "the analysed directory is not in the store";
        var present = root.Files.Select(f => f.Name).Concat(root.Symlinks.Select(l => l.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var (field, names) in PackageFiles(p))
        {
            foreach (var name in names ?? [])
            {
                if (!IsPlainName(name) || !present.Contains(name)) return $"{field} names {name}, which is not a file of the package";
            }
        }
        foreach (var (field, paths) in EmbedFiles(p))
        {
            foreach (var path in paths ?? [])
            {
                if (!IsCleanRelative(path) || !Holds(root, path, read)) return $"{field} names {path}, which is not a file below the package";
            }
        }
        return EmbedPatternProblem(p);
    }

    /// A std package (from `go list std`, run with GOROOT=`goRoot`), or null when sound.
    public static string? StdProblem(GoListPackage p, string goRoot)
    {
        var src = goRoot.TrimEnd('/') + "/src/";
        if (!p.Standard || !p.Dir.StartsWith(src, StringComparison.Ordinal) || !IsCleanRelative(p.Dir[src.Length..]))
            return $"std package {p.ImportPath} is in {p.Dir}, not below {src}";
        foreach (var (field, names) in PackageFiles(p))
        {
            foreach (var name in names ?? [])
            {
                if (!IsPlainName(name)) return $"{field} of {p.ImportPath} names {name}, which is not a file of the package";
            }
        }
        foreach (var (field, paths) in EmbedFiles(p))
        {
            foreach (var path in paths ?? [])
            {
                if (!IsCleanRelative(path)) return $"{field} of {p.ImportPath} names {path}, which is not a file below the package";
            }
        }
        return EmbedPatternProblem(p);
    }

    private static string? EmbedPatternProblem(GoListPackage p)
    {
        foreach (var (field, patterns) in new[] { ("EmbedPatterns", p.EmbedPatterns), ("TestEmbedPatterns", p.TestEmbedPatterns), ("XTestEmbedPatterns", p.XTestEmbedPatterns) })
        {
            foreach (var pattern in patterns ?? [])
            {
                var body = pattern.StartsWith("all:", StringComparison.Ordinal) ? pattern[4..] : pattern;
                if (body.StartsWith('/') || body.Contains('\0', StringComparison.Ordinal) || body.Split('/').Contains(".."))
                    return $"{field} holds {pattern}, which leaves the package";
            }
        }
        return null;
    }

    private static (string Field, List<string>? Paths)[] EmbedFiles(GoListPackage p) =>
        [("EmbedFiles", p.EmbedFiles), ("TestEmbedFiles", p.TestEmbedFiles), ("XTestEmbedFiles", p.XTestEmbedFiles)];

    private static IEnumerable<(string Field, List<string>? Names)> PackageFiles(GoListPackage p) =>
    [
        ("GoFiles", p.GoFiles), ("CgoFiles", p.CgoFiles), ("CFiles", p.CFiles), ("CXXFiles", p.CXXFiles), ("MFiles", p.MFiles),
        ("HFiles", p.HFiles), ("FFiles", p.FFiles), ("SFiles", p.SFiles), ("SwigFiles", p.SwigFiles), ("SwigCXXFiles", p.SwigCXXFiles),
        ("SysoFiles", p.SysoFiles), ("IgnoredGoFiles", p.IgnoredGoFiles), ("TestGoFiles", p.TestGoFiles), ("XTestGoFiles", p.XTestGoFiles),
    ];

    private static bool IsPlainName(string name) =>
        name.Length > 0 && name is not ("." or "..") && !name.Contains('/', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal);

    private static bool IsCleanRelative(string path) => path.Length > 0 && path.Split('/').All(IsPlainName);

    private static bool Holds(Directory dir, string name) => dir.Files.Any(f => f.Name == name) || dir.Symlinks.Any(l => l.Name == name);

    private static bool Holds(Directory root, string path, Func<Core.Digest, Directory?> read)
    {
        var segments = path.Split('/');
        var dir = root;
        foreach (var segment in segments[..^1])
        {
            if (dir.Directories.FirstOrDefault(d => d.Name == segment) is not { } sub || read(LocalStore.FromProto(sub.Digest)) is not { } next) return false;
            dir = next;
        }
        return Holds(dir, segments[^1]);
    }
}
