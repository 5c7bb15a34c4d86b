using Kiln.Core;

namespace Kiln.Go.Sdk;

/// A located Go toolchain and what `go env -json` said about it. Its Identity is part of every Go action key.
public sealed record GoSdk(string GoBinary, string GoRoot, string Version, string GoOs, string GoArch, bool CgoEnabled,
    EquatableMap<string> Env)
{
    /// The SDK facts that change what the go command produces.
    public string Identity => $"{Version} {GoOs}/{GoArch} cgo={(CgoEnabled ? 1 : 0)} goroot={GoRoot}";

    public void AddTo(KeyHasher h) => h.Line("go-sdk", Version, GoOs, GoArch, CgoEnabled ? "cgo" : "nocgo", GoRoot);

    /// Directories a strict sandbox must show read-only for this SDK to work: GOROOT and the targets of its
    /// top-level symlinks (Debian links GOROOT/src to /usr/share/go-1.23/src).
    /// Computed once per GOROOT per process (every action asks).
    public IReadOnlyList<string> ToolDirectories => ToolDirectoriesByRoot.GetOrAdd(GoRoot, FindToolDirectories);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>> ToolDirectoriesByRoot = new(StringComparer.Ordinal);

    private static IReadOnlyList<string> FindToolDirectories(string goRoot)
    {
        var dirs = new SortedSet<string>(StringComparer.Ordinal) { goRoot };
        foreach (var entry in new DirectoryInfo(goRoot).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is null) continue;
            var target = Path.GetFullPath(entry.LinkTarget, goRoot);
            dirs.Add(Path.GetDirectoryName(target) is { } parent && !IsSystemDir(parent) ? parent : target);
        }
        return [.. dirs];
    }

    private static bool IsSystemDir(string dir) => dir is "/" or "/usr" or "/usr/share" or "/usr/lib";
}
